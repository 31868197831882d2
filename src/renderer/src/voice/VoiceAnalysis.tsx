// What the identity panel shows about a voice (issue 6): the speaking pitch (median and the 5th–95th
// percentile range on a log-frequency scale, where an octave is the same width everywhere), the
// first three formants, and the long-term average spectrum (40 mel bands, 80 Hz – 7.6 kHz).
import type { VoiceAnalysis as VoiceAnalysisFacts } from '../../../shared/contracts/voiceContract';
import { useVoiceIdentities } from './useVoiceIdentities';

const PITCH_AXIS_HZ = { low: 60, high: 500 };
const PITCH_TICKS_HZ = [100, 200, 400];
const SPECTRUM_TICKS_HZ = [250, 1000, 4000];
const CHART = { width: 240, height: 64 };

function pitchPosition(hz: number): number {
  const { low, high } = PITCH_AXIS_HZ;
  const clamped = Math.min(high, Math.max(low, hz));
  return (Math.log(clamped / low) / Math.log(high / low)) * 100;
}

/** Mounted by the Identities panel on each voice identity's card. */
export function VoiceAnalysis({ identityId }: { identityId: string }) {
  const { voices, loaded } = useVoiceIdentities();
  if (!loaded) return null;
  const voice = voices.find((entry) => entry.id === identityId);
  if (!voice?.analysis) {
    return (
      <p className="voice-analysis-missing muted" data-testid="voice-analysis-missing">
        No reference speech analysed yet: give this voice 10–60 s of speech in the Voice tools (Clip tab).
      </p>
    );
  }
  return <VoiceAnalysisView analysis={voice.analysis} />;
}

export function VoiceAnalysisView({ analysis }: { analysis: VoiceAnalysisFacts }) {
  const { f0, formantsHz } = analysis;
  return (
    <div className="voice-analysis" data-testid="voice-analysis">
      <div className="voice-analysis-row muted">
        {analysis.durationSeconds.toFixed(1)} s of reference, {analysis.voicedSeconds.toFixed(1)} s voiced
      </div>
      {f0 ? (
        <div className="voice-pitch" data-testid="voice-pitch" data-median-hz={f0.medianHz.toFixed(1)}>
          <div className="voice-analysis-label">
            Pitch {Math.round(f0.medianHz)} Hz (range {Math.round(f0.lowHz)}–{Math.round(f0.highHz)} Hz)
          </div>
          <div className="voice-pitch-axis" aria-hidden="true">
            <div
              className="voice-pitch-range"
              style={{
                left: `${pitchPosition(f0.lowHz)}%`,
                width: `${pitchPosition(f0.highHz) - pitchPosition(f0.lowHz)}%`,
              }}
            />
            <div className="voice-pitch-median" style={{ left: `${pitchPosition(f0.medianHz)}%` }} />
            {PITCH_TICKS_HZ.map((hz) => (
              <span key={hz} className="voice-axis-tick" style={{ left: `${pitchPosition(hz)}%` }}>
                {hz}
              </span>
            ))}
          </div>
        </div>
      ) : (
        <div className="voice-analysis-label">No voiced speech found: pitch unknown.</div>
      )}
      {formantsHz ? (
        <div className="voice-analysis-row" data-testid="voice-formants">
          Formants F1 {Math.round(formantsHz.f1)} · F2 {Math.round(formantsHz.f2)} · F3{' '}
          {Math.round(formantsHz.f3)} Hz
        </div>
      ) : null}
      <LongTermSpectrumChart spectrum={analysis.longTermSpectrum} />
      {analysis.warnings.map((warning) => (
        <p key={warning} className="voice-analysis-warning" data-testid="voice-analysis-warning">
          {warning}
        </p>
      ))}
    </div>
  );
}

function LongTermSpectrumChart({ spectrum }: { spectrum: VoiceAnalysisFacts['longTermSpectrum'] }) {
  const levels = spectrum.levelsDb;
  const centres = spectrum.bandCentresHz;
  if (levels.length < 2) return null;
  const top = Math.max(...levels);
  // 50 dB below the loudest band is the floor: the shape of speech lives in that range.
  const floor = top - 50;
  const x = (index: number) => (index / (levels.length - 1)) * CHART.width;
  const y = (db: number) => ((top - Math.max(floor, db)) / (top - floor)) * (CHART.height - 4) + 2;
  const points = levels.map((db, index) => `${x(index).toFixed(1)},${y(db).toFixed(1)}`).join(' ');
  // Bands are mel-spaced, so ticks sit at the band nearest each frequency.
  const tickIndex = (hz: number) =>
    centres.reduce(
      (best, centre, index) => (Math.abs(centre - hz) < Math.abs((centres[best] ?? 0) - hz) ? index : best),
      0,
    );
  return (
    <figure className="voice-spectrum" data-testid="voice-spectrum" data-bands={levels.length}>
      <figcaption className="voice-analysis-label">Long-term spectrum (mel bands, dB)</figcaption>
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height + 12}`}
        role="img"
        aria-label={`Long-term average spectrum over ${levels.length} bands`}
      >
        <polyline className="voice-spectrum-line" points={points} fill="none" />
        {SPECTRUM_TICKS_HZ.map((hz) => (
          <text key={hz} x={x(tickIndex(hz))} y={CHART.height + 10} className="voice-axis-text">
            {hz >= 1000 ? `${hz / 1000}k` : hz}
          </text>
        ))}
      </svg>
    </figure>
  );
}
