// The deepfake cues of an inspection, each with what it measures, what was found, and how it
// compares with real footage; the "hints, not proof" sentence stands above them, once.
import { CUES_ARE_HINTS, type Cue } from '../../../shared/model/provenanceSchemas';

function valueText(cue: Cue): string {
  if (cue.value === null) return cue.status === 'notAnalysed' ? 'not analysed' : 'not measured';
  return `${cue.value}${cue.unit ? ` ${cue.unit}` : ''}`;
}

export function CueList({ cues }: { cues: readonly Cue[] }) {
  return (
    <section className="inspection-section" data-testid="inspection-cues">
      <h3>Deepfake cues</h3>
      <p className="inspection-caveat" data-testid="inspection-caveat">
        {CUES_ARE_HINTS}
      </p>
      <ul className="cue-list">
        {cues.map((cue) => (
          <li
            key={cue.id}
            className={`cue cue-${cue.level}`}
            data-testid="cue"
            data-cue={cue.id}
            data-status={cue.status}
          >
            <div className="cue-head">
              <span className="cue-name">{cue.name}</span>
              <span className="cue-value">{valueText(cue)}</span>
              {cue.status === 'measured' && cue.level !== 'unknown' ? (
                <span className={`cue-level cue-level-${cue.level}`}>{cue.level}</span>
              ) : null}
            </div>
            <p className="cue-finding">{cue.finding}</p>
            <details className="cue-explanation">
              <summary>What this cue is</summary>
              <p>{cue.explanation}</p>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
