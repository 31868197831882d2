// doppel identity list|add and doppel consent grant|revoke|list|check, on a project file. These
// commands parse their own options (--subject "Ann Lee"), so they receive the raw arguments.
import type { IdentityView } from '../../shared/model/provenanceSchemas';
import type { Studio } from '../services/createStudio';
import { parseCommandArguments } from './cliArguments';
import { printResult, UsageError, type CliContext } from './cliOutput';

const USAGE = `usage:
  doppel identity list FILE.doppel [--json]
  doppel identity add FILE.doppel --kind face|voice --name NAME [--json]
  doppel consent grant FILE.doppel IDENTITY_ID --subject WHO --scope WHAT [--date YYYY-MM-DD]
                       [--evidence FILE] [--notes TEXT] [--json]
  doppel consent revoke FILE.doppel IDENTITY_ID [--json]
  doppel consent list FILE.doppel [--json]
  doppel consent check FILE.doppel IDENTITY_ID... [--json]   (what a render would be told)`;

function parse(args: string[]) {
  return parseCommandArguments(
    {
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        kind: { type: 'string' },
        name: { type: 'string' },
        subject: { type: 'string' },
        scope: { type: 'string' },
        date: { type: 'string' },
        evidence: { type: 'string' },
        notes: { type: 'string' },
      },
    },
    USAGE,
  );
}

function describeIdentity(identity: Pick<IdentityView, 'id' | 'kind' | 'name' | 'consent'>): string {
  const consent = identity.consent
    ? `consent: ${identity.consent.subject}, "${identity.consent.scope}", ${identity.consent.grantedAt.slice(0, 10)}`
    : 'NO CONSENT: renders refuse it';
  return `${identity.id}  ${identity.kind.padEnd(5)}  ${identity.name}  (${consent})`;
}

/** `args` are the raw arguments after "identity" or "consent". */
export async function consentCommands(
  studio: Studio,
  context: CliContext,
  command: 'identity' | 'consent',
  args: string[],
): Promise<number> {
  const { values, positionals } = parse(args);
  const [action, file, ...rest] = positionals;
  if (!action || !file) throw new UsageError(USAGE);
  await studio.services.project.open({ path: file });
  const { identities, consent } = studio.services;

  if (command === 'identity' && action === 'list') {
    const list = await identities.list({});
    printResult(context, list, list.length > 0 ? list.map(describeIdentity).join('\n') : 'No identities.');
    return 0;
  }
  if (command === 'identity' && action === 'add') {
    if ((values.kind !== 'face' && values.kind !== 'voice') || !values.name) throw new UsageError(USAGE);
    const identity = await identities.create({ kind: values.kind, name: values.name });
    printResult(context, identity, `Added ${describeIdentity(identity)}`);
    return 0;
  }
  if (command === 'consent' && action === 'grant') {
    const [identityId] = rest;
    if (!identityId || !values.subject || !values.scope) throw new UsageError(USAGE);
    const identity = await consent.grant({
      identityId,
      subject: values.subject,
      scope: values.scope,
      grantedAt: values.date,
      evidencePath: values.evidence,
      notes: values.notes,
    });
    printResult(context, identity, `Consent recorded: ${describeIdentity(identity)}`);
    return 0;
  }
  if (command === 'consent' && action === 'revoke') {
    const [identityId] = rest;
    if (!identityId) throw new UsageError(USAGE);
    const identity = await consent.revoke({ identityId });
    printResult(context, identity, `Consent revoked (the record is kept): ${describeIdentity(identity)}`);
    return 0;
  }
  if (command === 'consent' && action === 'list') {
    const list = await consent.list({});
    const text = list.map(
      (record) =>
        `${record.id}  ${record.status.padEnd(7)}  ${record.subject}: "${record.scope}" (${record.grantedAt.slice(0, 10)})`,
    );
    printResult(context, list, text.length > 0 ? text.join('\n') : 'No consent records.');
    return 0;
  }
  if (command === 'consent' && action === 'check') {
    if (rest.length === 0) throw new UsageError(USAGE);
    const references = await consent.check({ identityIds: rest });
    printResult(context, references, `All ${references.length} identities have consent.`);
    return 0;
  }
  throw new UsageError(USAGE);
}
