// Puts the Faces panel on a tab beside the viewer. The viewer stays mounted underneath (its
// playback state survives a look at the faces); the Faces panel only exists while its tab is open.
import { useState, type ReactNode } from 'react';
import type { Asset } from '../../../shared/model/schemas';
import { FacesPanel } from './FacesPanel';

interface FacesViewerTabsProps {
  assets: readonly Asset[];
  /** The viewer. */
  children: ReactNode;
}

export function FacesViewerTabs({ assets, children }: FacesViewerTabsProps) {
  const [tab, setTab] = useState<'viewer' | 'faces'>('viewer');
  return (
    <div className="faces-tabs-host">
      <div className="faces-tabs" role="tablist" aria-label="Viewer or faces">
        {(['viewer', 'faces'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'faces-tab faces-tab-active' : 'faces-tab'}
            onClick={() => setTab(name)}
            data-testid={`tab-${name}`}
          >
            {name === 'viewer' ? 'Viewer' : 'Faces'}
          </button>
        ))}
      </div>
      <div className="faces-tabs-stage">
        {children}
        {tab === 'faces' ? <FacesPanel assets={assets} /> : null}
      </div>
    </div>
  );
}
