// Queries for `meta`: the project's settings as key/value rows (name, created_at, fps, size, app version).
import { StudioError } from '../../../shared/errors';
import type { Rational } from '../../../shared/time';
import {
  EMPTY_TIMELINE_MARKS,
  timelineMarksSchema,
  type TimelineMarks,
} from '../../../shared/timeline/timelineMarks';
import { toSqliteValue, type SqliteDatabase } from '../sqliteConnection';

export interface ProjectSettings {
  name: string;
  createdAt: string;
  fps: Rational;
  width: number;
  height: number;
  appVersion: string;
}

/** Id of the last applied edit in edit_history (see queries/editHistory.ts). */
const HISTORY_CURSOR_KEY = 'edit_history_cursor';
/** Markers and in/out points as JSON (src/shared/timeline/timelineMarks.ts). */
const TIMELINE_MARKS_KEY = 'timeline_marks';

export const REQUIRED_META_KEYS = ['name', 'created_at', 'fps_num', 'fps_den', 'width', 'height'] as const;

interface MetaRow {
  key: string;
  value: string | number;
}

export class MetaQueries {
  private readonly selectOne;
  private readonly selectAll;
  private readonly upsert;

  constructor(private readonly db: SqliteDatabase) {
    this.selectOne = db.prepare<[string], MetaRow>('SELECT key, value FROM meta WHERE key = ?');
    this.selectAll = db.prepare<[], MetaRow>('SELECT key, value FROM meta ORDER BY key');
    this.upsert = db.prepare<[string, string | number | bigint]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | number | undefined {
    return this.selectOne.get(key)?.value;
  }

  set(key: string, value: string | number): void {
    this.upsert.run(key, toSqliteValue(value));
  }

  all(): Record<string, string | number> {
    return Object.fromEntries(this.selectAll.all().map((row) => [row.key, row.value]));
  }

  missingRequiredKeys(): string[] {
    const present = this.all();
    return REQUIRED_META_KEYS.filter((key) => present[key] === undefined);
  }

  readSettings(): ProjectSettings {
    const values = this.all();
    const missing = REQUIRED_META_KEYS.filter((key) => values[key] === undefined);
    if (missing.length > 0) {
      throw new StudioError('PROJECT_CORRUPT', `The project settings are missing: ${missing.join(', ')}.`);
    }
    return {
      name: String(values.name),
      createdAt: String(values.created_at),
      fps: { num: Number(values.fps_num), den: Number(values.fps_den) },
      width: Number(values.width),
      height: Number(values.height),
      appVersion: String(values.app_version ?? 'unknown'),
    };
  }

  writeSettings(settings: ProjectSettings): void {
    this.db.transaction(() => {
      this.set('name', settings.name);
      this.set('created_at', settings.createdAt);
      this.setFps(settings.fps);
      this.set('width', settings.width);
      this.set('height', settings.height);
      this.set('app_version', settings.appVersion);
    })();
  }

  setFps(fps: Rational): void {
    this.set('fps_num', fps.num);
    this.set('fps_den', fps.den);
  }

  readHistoryCursor(): number | undefined {
    const value = this.get(HISTORY_CURSOR_KEY);
    return value === undefined ? undefined : Number(value);
  }

  writeHistoryCursor(id: number): void {
    this.set(HISTORY_CURSOR_KEY, id);
  }

  readTimelineMarks(): TimelineMarks {
    const stored = this.get(TIMELINE_MARKS_KEY);
    if (stored === undefined) return EMPTY_TIMELINE_MARKS;
    const parsed = timelineMarksSchema.safeParse(JSON.parse(String(stored)));
    return parsed.success ? parsed.data : EMPTY_TIMELINE_MARKS;
  }

  writeTimelineMarks(marks: TimelineMarks): void {
    this.set(TIMELINE_MARKS_KEY, JSON.stringify(timelineMarksSchema.parse(marks)));
  }
}
