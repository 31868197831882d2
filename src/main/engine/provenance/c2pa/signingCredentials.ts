// Who signs the C2PA manifests of this installation.
// - By default a per-installation key pair and self-signed certificate, generated on first use
//   into <user data>/provenance/installation/ (key file readable by the user only). A C2PA
//   validator that is given this certificate as a trust anchor reports the studio's renders as
//   trusted; everybody else sees "valid signature, unknown signer", which is the honest answer.
// - Optionally a certificate the user brings (from a CA, or their organisation's), copied into
//   <user data>/provenance/user/ after checking that it parses, is in date and matches the key.
// The certificate carries what c2pa-rs checks of a signer: v3, Key Usage digitalSignature
// (critical), an allowed Extended Key Usage (emailProtection, documentSigning), not a CA, and
// Subject/Authority Key Identifiers.
import 'reflect-metadata';
import { createPrivateKey, randomBytes, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { StudioError } from '../../../../shared/errors';
import type { C2paSigningAlgorithm } from './coseSign1';

const PROVENANCE_FOLDER = 'provenance';
const KEY_FILE = 'signing-key.pem';
const CERTIFICATE_FILE = 'signing-certificate.pem';
const VALIDITY_YEARS = 20;
const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';

/** The WebCrypto type @peculiar/x509 declares (the DOM's Crypto, which Node's webcrypto implements). */
type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;

export type SigningCredentialSource = 'installation' | 'user';

export interface SigningCredentials {
  source: SigningCredentialSource;
  algorithm: C2paSigningAlgorithm;
  privateKey: KeyObject;
  /** DER, the signing certificate first. */
  certificateChain: Uint8Array[];
  subject: string;
  issuer: string;
  validTo: string;
  fingerprintSha256: string;
  certificatePath: string;
}

export interface SigningCredentialSummary {
  source: SigningCredentialSource;
  algorithm: C2paSigningAlgorithm;
  subject: string;
  issuer: string;
  validTo: string;
  fingerprintSha256: string;
  certificatePath: string;
}

export function summarizeCredentials(credentials: SigningCredentials): SigningCredentialSummary {
  const { source, algorithm, subject, issuer, validTo, fingerprintSha256, certificatePath } = credentials;
  return { source, algorithm, subject, issuer, validTo, fingerprintSha256, certificatePath };
}

function folders(dataDir: string) {
  const root = join(dataDir, PROVENANCE_FOLDER);
  return { root, installation: join(root, 'installation'), user: join(root, 'user') };
}

function invalid(file: string, problem: string, cause?: unknown): StudioError {
  return new StudioError('CERTIFICATE_INVALID', `${file}: ${problem}`, { cause });
}

/** Splits a PEM bundle into certificates, the first being the signer's. */
function parseCertificateChain(pem: string, file: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0)
    throw invalid(file, 'contains no PEM certificate ("-----BEGIN CERTIFICATE-----").');
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw invalid(file, `certificate ${index + 1} cannot be read (${(error as Error).message}).`, error);
    }
  });
}

function algorithmFor(key: KeyObject, file: string): C2paSigningAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'es256';
    if (curve === 'secp384r1') return 'es384';
    if (curve === 'secp521r1') return 'es512';
    throw invalid(
      file,
      `uses the elliptic curve ${curve ?? 'unknown'}; C2PA signs with P-256, P-384 or P-521.`,
    );
  }
  if (type === 'rsa' || type === 'rsa-pss') return 'ps256';
  if (type === 'ed25519') return 'ed25519';
  throw invalid(
    file,
    `holds a ${type ?? 'unknown'} key; C2PA signs with EC (P-256/384/521), RSA or Ed25519 keys.`,
  );
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new StudioError('FILE_NOT_FOUND', `${file} does not exist.`, { cause: error });
    throw new StudioError('PERMISSION_DENIED', `${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads and checks a certificate chain + key pair. */
async function loadPair(
  certificatePath: string,
  keyPath: string,
  source: SigningCredentialSource,
  now = new Date(),
): Promise<SigningCredentials> {
  const chain = parseCertificateChain(await readText(certificatePath), certificatePath);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await readText(keyPath));
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw invalid(keyPath, `is not a readable private key in PEM form (${(error as Error).message}).`, error);
  }
  const signer = chain[0] as X509Certificate;
  if (!signer.checkPrivateKey(privateKey)) {
    throw invalid(keyPath, `does not belong to the certificate in ${certificatePath}.`);
  }
  if (new Date(signer.validTo) < now) throw invalid(certificatePath, `expired on ${signer.validTo}.`);
  if (new Date(signer.validFrom) > now)
    throw invalid(certificatePath, `is not valid before ${signer.validFrom}.`);
  if (signer.ca)
    throw invalid(certificatePath, 'is a CA certificate; C2PA needs an end-entity signing certificate.');
  return {
    source,
    algorithm: algorithmFor(privateKey, keyPath),
    privateKey,
    certificateChain: chain.map((certificate) => new Uint8Array(certificate.raw)),
    subject: signer.subject.replace(/\n/g, ', '),
    issuer: signer.issuer.replace(/\n/g, ', '),
    validTo: new Date(signer.validTo).toISOString(),
    fingerprintSha256: signer.fingerprint256,
    certificatePath,
  };
}

async function generateInstallationPair(folder: string): Promise<void> {
  // Passed to each call rather than set globally: other code may use @peculiar/x509 too.
  const provider = webcrypto as unknown as X509Crypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const installationTag = randomBytes(4).toString('hex');
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = new Date(notBefore.getTime() + VALIDITY_YEARS * 365.25 * 24 * 3600 * 1000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(12)
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: `CN=Doppel Studio installation ${installationTag}, O=Doppel Studio (self-signed, per installation)`,
      notBefore,
      notAfter,
      keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([EKU_EMAIL_PROTECTION, EKU_DOCUMENT_SIGNING], false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, provider),
      ],
    },
    provider,
  );
  const pkcs8 = Buffer.from(
    await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey),
  );
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  await writeFile(join(folder, KEY_FILE), keyPem.replace(/\n\n/g, '\n'), { mode: 0o600 });
  await chmod(join(folder, KEY_FILE), 0o600);
  await writeFile(join(folder, CERTIFICATE_FILE), certificate.toString('pem') + '\n');
}

/**
 * The installation's key and certificate, generated once. Two processes starting together both
 * generate into private folders and race on one rename: the loser uses the winner's pair.
 */
export async function loadOrCreateInstallationCredentials(dataDir: string): Promise<SigningCredentials> {
  const { root, installation } = folders(dataDir);
  if (!existsSync(join(installation, CERTIFICATE_FILE))) {
    await mkdir(root, { recursive: true });
    const staging = join(root, `installation.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { recursive: true, mode: 0o700 });
    try {
      await generateInstallationPair(staging);
      await rename(staging, installation).catch((error: NodeJS.ErrnoException) => {
        if (!existsSync(join(installation, CERTIFICATE_FILE))) throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return loadPair(join(installation, CERTIFICATE_FILE), join(installation, KEY_FILE), 'installation');
}

/** The user's certificate when one was set up, else the installation's. */
export async function loadSigningCredentials(dataDir: string): Promise<SigningCredentials> {
  const { user } = folders(dataDir);
  if (existsSync(join(user, CERTIFICATE_FILE))) {
    return loadPair(join(user, CERTIFICATE_FILE), join(user, KEY_FILE), 'user');
  }
  return loadOrCreateInstallationCredentials(dataDir);
}

/** Checks a user-supplied certificate chain (PEM, signer first) and key, then keeps copies. */
export async function useUserCertificate(
  dataDir: string,
  files: { certificatePath: string; keyPath: string },
): Promise<SigningCredentials> {
  await loadPair(files.certificatePath, files.keyPath, 'user');
  const { user } = folders(dataDir);
  await mkdir(user, { recursive: true, mode: 0o700 });
  await writeFile(join(user, KEY_FILE), await readText(files.keyPath), { mode: 0o600 });
  await writeFile(join(user, CERTIFICATE_FILE), await readText(files.certificatePath));
  return loadSigningCredentials(dataDir);
}

/** Goes back to the installation's own certificate (the user's copies are deleted). */
export async function useInstallationCertificate(dataDir: string): Promise<SigningCredentials> {
  await rm(folders(dataDir).user, { recursive: true, force: true });
  return loadOrCreateInstallationCredentials(dataDir);
}

/**
 * PEM bundle of the certificates this installation trusts when validating: its own certificate,
 * and the top of the user's chain when one is set up.
 */
export async function installationTrustAnchorsPem(dataDir: string): Promise<string> {
  const anchors = [(await loadOrCreateInstallationCredentials(dataDir)).certificateChain[0] as Uint8Array];
  const { user } = folders(dataDir);
  if (existsSync(join(user, CERTIFICATE_FILE))) {
    const chain = (await loadPair(join(user, CERTIFICATE_FILE), join(user, KEY_FILE), 'user'))
      .certificateChain;
    anchors.push(chain[chain.length - 1] as Uint8Array);
  }
  return anchors.map((der) => new X509Certificate(der).toString()).join('\n');
}
