import { describe, expect, it } from 'vitest';
import { processFailureError } from './processErrors';

describe('process errors', () => {
  it('reads a child stopped at the file size limit (SIGXFSZ) as a full disk', () => {
    const error = processFailureError('ffmpeg encoding "film.mov"', null, 'SIGXFSZ', '');
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toBe(
      'ffmpeg encoding "film.mov" failed: the output reached the file size limit (File size limit exceeded).',
    );
    expect(processFailureError('ffmpeg', null, 'SIGKILL', '').code).toBe('FFMPEG_FAILED');
  });
});
