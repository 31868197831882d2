// The voice tools under the clip inspector (issue 6): make a voice identity from the selected
// clips' speech, speak typed text in a voice (the clip lands on the timeline at the playhead), and
// "Voice clone" the selected audio clip (or the sound of a video clip): the converted speech is
// previewed here and placed under the original at the same time. All of it runs the offline DSP
// voice match; the studio refuses a voice without a consent record, and every generated file
// carries the audio watermark and a signed C2PA manifest.
import { useEffect, useState } from 'react';
import type { VoiceProgress } from '../../../shared/contracts/voiceContract';
import type { Asset, Clip, Timeline } from '../../../shared/model/schemas';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { useVoiceIdentities } from './useVoiceIdentities';

interface VoicePanelProps {
  timeline: Timeline | null;
  selection: ReadonlySet<string>;
  assetsById: ReadonlyMap<string, Asset>;
  playheadUs: number;
  apply: (command: EditCommand) => Promise<boolean>;
}

interface ConvertedPreview {
  asset: Asset;
  clip: Clip;
}

/** Clips with sound: audio clips, or video clips whose asset has an audio stream. */
function soundClips(
  timeline: Timeline | null,
  selection: ReadonlySet<string>,
  assets: ReadonlyMap<string, Asset>,
) {
  const chosen = timeline?.clips.filter((clip) => selection.has(clip.id)) ?? [];
  const withSound = chosen.filter((clip) => assets.get(clip.assetId)?.hasAudio === true);
  // A linked video + audio pair is one piece of speech: keep one clip per asset span.
  const seen = new Set<string>();
  return withSound.filter((clip) => {
    const key = `${clip.assetId}:${clip.inUs}:${clip.outUs}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An audio track (not the clip's own) with nothing where the converted speech would go. */
function freeAudioTrackUnder(timeline: Timeline | null, preview: ConvertedPreview): string | null {
  if (!timeline) return null;
  const start = preview.clip.startUs;
  const end = start + (preview.asset.durationUs ?? preview.clip.outUs - preview.clip.inUs);
  const free = timeline.tracks.find(
    (track) =>
      track.kind === 'audio' &&
      !track.locked &&
      track.id !== preview.clip.trackId &&
      !timeline.clips.some(
        (clip) =>
          clip.trackId === track.id && clip.startUs < end && clip.startUs + clip.outUs - clip.inUs > start,
      ),
  );
  return free?.id ?? null;
}

export function VoicePanel({ timeline, selection, assetsById, playheadUs, apply }: VoicePanelProps) {
  const { voices, error: listError } = useVoiceIdentities();
  const [voiceId, setVoiceId] = useState('');
  const [newName, setNewName] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<VoiceProgress | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [preview, setPreview] = useState<ConvertedPreview | null>(null);
  const clips = soundClips(timeline, selection, assetsById);
  const voice = voices.find((entry) => entry.id === voiceId) ?? voices[0];

  useEffect(() => {
    const subscription = getStudio().voice.onDidVoiceProgress(setProgress);
    return () => subscription.dispose();
  }, []);

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    setProgress(null);
    try {
      await work();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const createVoice = () =>
    run('Analysing the reference speech…', async () => {
      const created = await getStudio().voice.createVoiceIdentity({
        name: newName.trim(),
        sources: clips.map((clip) => ({ assetId: clip.assetId, startUs: clip.inUs, endUs: clip.outUs })),
      });
      setVoiceId(created.id);
      setNewName('');
    });

  const speak = () =>
    voice &&
    run('Speaking…', async () => {
      const spoken = await getStudio().voice.speak({ identityId: voice.id, text, engine: 'dsp' });
      await apply({ type: 'insertAsset', assetId: spoken.asset.id, trackId: null, startUs: playheadUs });
    });

  const clip = clips.length === 1 ? clips[0] : undefined;
  const convert = () =>
    voice &&
    clip &&
    run('Converting the speech…', async () => {
      const converted = await getStudio().voice.convertClip({
        identityId: voice.id,
        assetId: clip.assetId,
        startUs: clip.inUs,
        endUs: clip.outUs,
        engine: 'dsp',
      });
      setPreview({ asset: converted.asset, clip });
    });

  const underTrackId = preview ? freeAudioTrackUnder(timeline, preview) : null;
  const place = () =>
    preview &&
    run('Placing…', async () => {
      // Under the original when another audio track is free there; else the first free spot.
      await apply({
        type: 'insertAsset',
        assetId: preview.asset.id,
        trackId: underTrackId,
        startUs: preview.clip.startUs,
      });
      setPreview(null);
    });

  const disabled = busy !== null;
  return (
    <section className="voice-panel" aria-label="Voice" data-testid="voice-panel">
      <h3 className="voice-panel-title">Voice</h3>
      <InlineError error={listError} testId="voice-list-error" />
      <label className="voice-field">
        <span>Voice</span>
        <select
          value={voice?.id ?? ''}
          onChange={(event) => setVoiceId(event.target.value)}
          disabled={voices.length === 0}
          data-testid="voice-select"
        >
          {voices.length === 0 ? <option value="">No voices yet</option> : null}
          {voices.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
              {entry.consentPresent ? '' : ' (no consent)'}
            </option>
          ))}
        </select>
      </label>
      {voice?.analysis?.f0 ? (
        <p className="muted voice-summary" data-testid="voice-summary">
          Pitch {Math.round(voice.analysis.f0.medianHz)} Hz ({Math.round(voice.analysis.f0.lowHz)}–
          {Math.round(voice.analysis.f0.highHz)} Hz); the full analysis is in the Identities tab.
        </p>
      ) : null}
      {voice && !voice.consentPresent ? (
        <p className="voice-no-consent" data-testid="voice-no-consent">
          “{voice.name}” has no consent record: record it in the Identities tab before using this voice.
        </p>
      ) : null}

      <div className="voice-tool" data-testid="voice-new">
        <div className="voice-tool-title">New voice from the selected clips</div>
        <p className="muted">
          Select 10–60 s of one person’s speech on the timeline ({clips.length} clip
          {clips.length === 1 ? '' : 's'} with sound selected).
        </p>
        <input
          type="text"
          placeholder="Name, e.g. Ann"
          value={newName}
          onChange={(event) => setNewName(event.target.value)}
          data-testid="voice-new-name"
        />
        <button
          type="button"
          className="secondary-button"
          disabled={disabled || clips.length === 0 || newName.trim() === ''}
          onClick={() => void createVoice()}
          data-testid="voice-create"
        >
          Create voice
        </button>
      </div>

      <div className="voice-tool" data-testid="voice-speak">
        <div className="voice-tool-title">Text to speech</div>
        <textarea
          rows={3}
          placeholder="Type a line; commas and full stops become pauses."
          value={text}
          onChange={(event) => setText(event.target.value)}
          data-testid="voice-text"
        />
        <button
          type="button"
          className="primary-button"
          disabled={disabled || !voice || text.trim() === ''}
          onClick={() => void speak()}
          data-testid="voice-speak-button"
        >
          Speak at playhead
        </button>
      </div>

      <div className="voice-tool" data-testid="voice-clone">
        <div className="voice-tool-title">Voice clone</div>
        <p className="muted">
          {clip
            ? `Converts the speech of “${assetsById.get(clip.assetId)?.name ?? 'the clip'}” to the chosen voice.`
            : 'Select one clip with speech (an audio clip, or a video clip with sound).'}
        </p>
        <button
          type="button"
          className="secondary-button"
          disabled={disabled || !voice || !clip}
          onClick={() => void convert()}
          data-testid="voice-convert"
        >
          Convert clip’s speech
        </button>
        {preview ? (
          <div className="voice-preview" data-testid="voice-preview" data-asset-id={preview.asset.id}>
            <audio controls src={getStudio().platform.mediaUrl(preview.asset.id, 'file')} />
            <button
              type="button"
              className="primary-button"
              disabled={disabled}
              onClick={() => void place()}
              data-testid="voice-place"
            >
              {underTrackId ? 'Place under the clip' : 'Place on the timeline'}
            </button>
          </div>
        ) : null}
      </div>

      {busy ? (
        <p className="voice-busy muted" role="status" data-testid="voice-busy">
          {busy}
          {progress?.fraction != null ? ` ${Math.round(progress.fraction * 100)}%` : ''}
        </p>
      ) : null}
      <InlineError error={error} testId="voice-error" onDismiss={() => setError(null)} />
    </section>
  );
}
