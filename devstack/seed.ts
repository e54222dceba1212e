import { createHash } from 'node:crypto';
import type { PolicyDocument } from './aws/policy';
import type { AwsEmulator } from './aws/server';
import { gradientPng } from './sample-png';

export const PRIVATE_BUCKET = 'desk-private';
export const SHARED_BUCKET = 'desk-shared';
export const SHARED_PREFIX = 'library/';
/** What the app calls the demo's two bucket entries (BACKEND_BUCKETS labels), instead of a bucket name and an IdentityId. */
export const PRIVATE_LABEL = 'My files';
export const SHARED_LABEL = 'Team library';
export const BIG_PREFIX = `${SHARED_PREFIX}big-folder/`;
export const BIG_PREFIX_KEYS = 100_000;
/** A folder of a million keys for the listing benchmark (list-1m): seeded only on request (seedHugeFolder), never by default. */
export const HUGE_PREFIX = `${SHARED_PREFIX}huge-folder/`;
export const HUGE_PREFIX_KEYS = 1_000_000;

const SUB = '${cognito-identity.amazonaws.com:sub}';

/**
 * The authenticated role of the seeded pool: a private home prefix per
 * identity in one bucket, and a read-only shared library in another.
 *
 * No s3:ListBucketMultipartUploads (DESIGN.md §4): S3 cannot scope it to a
 * prefix, so it would show every identity's unfinished uploads. The app
 * remembers its own UploadIds (main/transfers/upload-registry.ts) and needs
 * only the per-object multipart actions below.
 */
export const SEEDED_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ListOwnHomePrefix',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${PRIVATE_BUCKET}`,
      Condition: { StringLike: { 's3:prefix': [`${SUB}/`, `${SUB}/*`] } },
    },
    {
      Sid: 'ReadWriteOwnHomePrefix',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:RestoreObject'],
      Resource: `arn:aws:s3:::${PRIVATE_BUCKET}/${SUB}/*`,
    },
    {
      Sid: 'ListSharedLibrary',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${SHARED_BUCKET}`,
      Condition: { StringLike: { 's3:prefix': [SHARED_PREFIX, `${SHARED_PREFIX}*`] } },
    },
    { Sid: 'ReadSharedLibrary', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${SHARED_BUCKET}/${SHARED_PREFIX}*` },
  ],
};

/** Keys that break naive clients: spaces, unicode, URL metacharacters, and path tricks. */
export const AWKWARD_KEYS = [
  'odd names/with spaces.txt',
  'odd names/日本語のファイル.txt',
  'odd names/naïve café 🎉.txt',
  'odd names/a+b=c.txt',
  'odd names/100% done.txt',
  'odd names/#hashtag.txt',
  'odd names/question?.txt',
  'odd names/../escape-attempt.txt',
  'odd names/../../etc/passwd',
  'odd names/trailing dot.',
];

interface SeedFile {
  key: string;
  body: string | Buffer;
  contentType: string;
  storageClass?: string;
}

const SHARED_FILES: SeedFile[] = [
  { key: 'README.txt', body: 'The shared library: read-only for every signed-in identity.\n', contentType: 'text/plain' },
  {
    key: 'reports/2026/q1.csv',
    body: 'region,revenue,growth\nemea,1200000,0.08\namer,2100000,0.11\napac,900000,0.15\n',
    contentType: 'text/csv',
  },
  { key: 'reports/2026/summary.json', body: JSON.stringify({ quarter: 'Q1', regions: 3, healthy: true }, null, 2), contentType: 'application/json' },
  {
    key: 'images/logo.svg',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="12" fill="#2563eb"/><text x="32" y="41" font-size="24" text-anchor="middle" fill="#fff" font-family="sans-serif">S3</text></svg>\n',
    contentType: 'image/svg+xml',
  },
  { key: 'images/gradient.png', body: gradientPng(), contentType: 'image/png' },
  // Larger than a text preview's first 256 KB, so the preview says it is truncated.
  { key: 'logs/server.log', body: serverLog(8_000), contentType: 'text/plain' },
  { key: 'archive/2019-backup.tar', body: 'archived bytes', contentType: 'application/x-tar', storageClass: 'GLACIER' },
  { key: 'archive/2018-backup.tar', body: 'deep archived bytes', contentType: 'application/x-tar', storageClass: 'DEEP_ARCHIVE' },
  ...AWKWARD_KEYS.map((key) => ({ key, body: `This object's key is ${JSON.stringify(key)}.\n`, contentType: 'text/plain' })),
];

/** A plausible access log, `lines` long (about 80 bytes a line). */
function serverLog(lines: number): string {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: lines }, (_, i) => {
    const at = new Date(start + i * 7_000).toISOString();
    const status = i % 97 === 0 ? 503 : i % 13 === 0 ? 404 : 200;
    return `${at} GET /library/item/${(i * 7919) % 100_000} ${status} ${(i * 37) % 900 + 12}ms\n`;
  }).join('');
}

function homeFiles(): SeedFile[] {
  return [
    { key: 'welcome.txt', body: 'Welcome to S3 Desk. This is your private home prefix.\n', contentType: 'text/plain' },
    { key: 'documents/notes.md', body: '# Notes\n\n- Uploads go here.\n', contentType: 'text/markdown' },
    { key: 'photos/.keep', body: '', contentType: 'application/octet-stream' },
  ];
}

/** Creates the buckets and sample objects; cheap to call on every start (it fills only what is missing). */
export async function seedBuckets(emulator: AwsEmulator, now = Date.now()): Promise<void> {
  emulator.objects.createBucket(PRIVATE_BUCKET, now);
  emulator.objects.createBucket(SHARED_BUCKET, now);
  for (const file of SHARED_FILES) await putIfMissing(emulator, SHARED_BUCKET, `${SHARED_PREFIX}${file.key}`, file, now);
  await seedBigPrefix(emulator, now);
}

export async function seedHomePrefix(emulator: AwsEmulator, identityId: string, now = Date.now()): Promise<void> {
  for (const file of homeFiles()) await putIfMissing(emulator, PRIVATE_BUCKET, `${identityId}/${file.key}`, file, now);
}

async function putIfMissing(emulator: AwsEmulator, bucket: string, key: string, file: SeedFile, now: number): Promise<void> {
  if (emulator.objects.get(bucket, key)) return;
  const blob = await writeBlob(emulator, file.body);
  emulator.objects.point(blob, {
    bucket,
    key,
    size: Buffer.byteLength(file.body),
    etag: `"${createHash('md5').update(file.body).digest('hex')}"`,
    lastModified: now,
    contentType: file.contentType,
    contentEncoding: null,
    storageClass: file.storageClass ?? 'STANDARD',
    metadata: {},
    checksumAlgorithm: null,
    checksumValue: null,
  });
}

/** 100,000 keys in one transaction, all pointing at one small blob: seconds, not minutes. */
async function seedBigPrefix(emulator: AwsEmulator, now: number): Promise<void> {
  await seedManyKeys(emulator, { count: BIG_PREFIX_KEYS, keyOf: bigPrefixKey, body: 'One of one hundred thousand small objects.\n', now });
}

/**
 * The million-key folder of the list-1m benchmark: about a minute and a few
 * hundred MB of emulator database, so only the bench asks for it.
 */
export async function seedHugeFolder(emulator: AwsEmulator, now = Date.now()): Promise<void> {
  await seedManyKeys(emulator, { count: HUGE_PREFIX_KEYS, keyOf: hugePrefixKey, body: 'One of a million small objects.\n', now });
}

/** `count` keys of the shared bucket pointing at one small blob, in transactions of 100,000; skipped when the last key exists. */
async function seedManyKeys(emulator: AwsEmulator, spec: { count: number; keyOf: (index: number) => string; body: string; now: number }): Promise<void> {
  if (emulator.objects.get(SHARED_BUCKET, spec.keyOf(spec.count - 1))) return;
  const blob = await writeBlob(emulator, spec.body);
  const etag = `"${createHash('md5').update(spec.body).digest('hex')}"`;
  const size = Buffer.byteLength(spec.body);
  const BATCH = 100_000;
  for (let start = 0; start < spec.count; start += BATCH) {
    const objects = Array.from({ length: Math.min(BATCH, spec.count - start) }, (_, offset) => ({
      bucket: SHARED_BUCKET,
      key: spec.keyOf(start + offset),
      size,
      etag,
      // Spread over a year so sorting by date means something.
      lastModified: spec.now - ((start + offset) % 365) * 86_400_000,
      contentType: 'text/plain',
      contentEncoding: null,
      storageClass: 'STANDARD',
      metadata: {},
      checksumAlgorithm: null,
      checksumValue: null,
    }));
    emulator.objects.pointMany(blob, objects);
  }
}

export function bigPrefixKey(index: number): string {
  return `${BIG_PREFIX}object-${String(index).padStart(6, '0')}.txt`;
}

/**
 * Keys in ten clustered groups rather than one counter — mixed case, digits,
 * an underscore and non-ASCII first letters — so a lister that splits the key
 * space cannot lean on evenly spaced numbers.
 */
export function hugePrefixKey(index: number): string {
  const groups = ['alpha', 'Beta', 'gamma', 'délta', 'epsilon', 'zeta', 'Ωmega', '2024-report', 'img_', 'x'];
  const group = groups[index % groups.length] as string;
  return `${HUGE_PREFIX}${group}-${String(index).padStart(7, '0')}.dat`;
}

async function writeBlob(emulator: AwsEmulator, body: string | Buffer): Promise<string> {
  const pending = emulator.objects.blobs.create();
  await new Promise<void>((resolve, reject) => pending.stream.end(typeof body === 'string' ? Buffer.from(body) : body, (error?: Error | null) => (error ? reject(error) : resolve())));
  pending.commit();
  return pending.id;
}
