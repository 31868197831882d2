// The editor's right-hand column as tabs: the clip inspector (properties and effects), the
// Identities panel (faces and voices with their consent) and the Provenance panel (inspect any file).
// All three stay mounted, so switching keeps a report or a half-filled form; the consent prompt for
// newly created identities lives here too, since this column is always on screen.
import { useEffect, useState, type ReactNode } from 'react';
import type { RenderJob } from '../../../shared/contracts/renderContract';
import type { Asset } from '../../../shared/model/schemas';
import { ConsentPrompt } from '../identities/ConsentPrompt';
import { IdentitiesPanel } from '../identities/IdentitiesPanel';
import { useIdentities } from '../identities/useIdentities';
import { onInspectionRequest } from './inspectionRequests';
import { ProvenancePanel } from './ProvenancePanel';

type SideTab = 'clip' | 'identities' | 'provenance';

interface SidePanelTabsProps {
  assets: readonly Asset[];
  assetsById: ReadonlyMap<string, Asset>;
  renders: readonly RenderJob[];
  /** The clip inspector. */
  children: ReactNode;
}

export function SidePanelTabs({ assets, assetsById, renders, children }: SidePanelTabsProps) {
  const [tab, setTab] = useState<SideTab>('clip');
  const identities = useIdentities();
  const missing = identities.identities.filter((identity) => identity.consent === null).length;
  useEffect(() => onInspectionRequest(() => setTab('provenance')), []);

  const tabs: { id: SideTab; label: string }[] = [
    { id: 'clip', label: 'Clip' },
    { id: 'identities', label: missing > 0 ? `Identities (${missing}!)` : 'Identities' },
    { id: 'provenance', label: 'Provenance' },
  ];
  return (
    <div className="side-tabs-host">
      <div className="side-tabs" role="tablist" aria-label="Clip, identities or provenance">
        {tabs.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            aria-selected={tab === entry.id}
            className={tab === entry.id ? 'side-tab side-tab-active' : 'side-tab'}
            onClick={() => setTab(entry.id)}
            data-testid={`side-tab-${entry.id}`}
            title={entry.id === 'identities' && missing > 0 ? `${missing} without consent` : undefined}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div className="side-tabs-stage" hidden={tab !== 'clip'}>
        {children}
      </div>
      <div className="side-tabs-stage" hidden={tab !== 'identities'}>
        <IdentitiesPanel state={identities} assetsById={assetsById} />
      </div>
      <div className="side-tabs-stage" hidden={tab !== 'provenance'}>
        <ProvenancePanel assets={assets} renders={renders} />
      </div>
      <ConsentPrompt state={identities} />
    </div>
  );
}
