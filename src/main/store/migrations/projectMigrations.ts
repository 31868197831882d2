// Every project migration in order. Append only: never edit or reorder a released migration.
import type { Migration } from './migrationRunner';
import { migration001CoreTables } from './migration001CoreTables';
import { migration002Effects } from './migration002Effects';
import { migration003IdentitiesAndConsents } from './migration003IdentitiesAndConsents';
import { migration004Renders } from './migration004Renders';
import { migration005EditHistory } from './migration005EditHistory';

export const projectMigrations: readonly Migration[] = [
  migration001CoreTables,
  migration002Effects,
  migration003IdentitiesAndConsents,
  migration004Renders,
  migration005EditHistory,
];

export const LATEST_SCHEMA_VERSION = projectMigrations.length;
