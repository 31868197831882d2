// What a Voice clone effect changes in a render's sound (pure; the render plan applies it): each
// audio clip the effect covers plays its converted sound (a WAV in the project cache holding the
// clip's source span) in place of its asset's sound, at the same timeline position and with the
// same trims. Only enabled voiceClone effects that the project side has resolved count.
import { VOICE_CLONE_EFFECT_KIND, type ResolvedVoiceCloneClip } from '../../../shared/model/voiceCloneParams';

interface EffectLike {
  kind: string;
  params: unknown;
  enabled: boolean;
}

function resolvedClipsOf(params: unknown): ResolvedVoiceCloneClip[] {
  if (typeof params !== 'object' || params === null) return [];
  const resolved = (params as { resolved?: { clips?: unknown } }).resolved;
  return Array.isArray(resolved?.clips) ? (resolved.clips as ResolvedVoiceCloneClip[]) : [];
}

/** Audio clip id -> its converted sound. */
export function voiceCloneAudioRouting(effects: readonly EffectLike[]): Map<string, ResolvedVoiceCloneClip> {
  const routing = new Map<string, ResolvedVoiceCloneClip>();
  for (const effect of effects) {
    if (!effect.enabled || effect.kind !== VOICE_CLONE_EFFECT_KIND) continue;
    for (const clip of resolvedClipsOf(effect.params)) routing.set(clip.clipId, clip);
  }
  return routing;
}

/**
 * Where a placement reads from once its clip is converted: the converted file (a WAV: stream 0),
 * at the same offset into the span as the original read from the asset.
 */
export function convertedPlacementSource(
  converted: ResolvedVoiceCloneClip,
  sourceStartUs: number,
): { path: string; streamIndex: number; sourceStartUs: number } {
  return {
    path: converted.path,
    streamIndex: 0,
    sourceStartUs: Math.max(0, sourceStartUs - converted.spanStartUs),
  };
}
