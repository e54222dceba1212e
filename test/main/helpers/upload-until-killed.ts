/**
 * A stand-in for the app that is about to be killed mid-upload: the real
 * main-process services (createServices, as main/index.ts builds them, with
 * the upload registry in a file), signed in, starting one upload and then
 * waiting to be killed. Run with `node --import tsx`; the test kills it with
 * SIGKILL, so nothing of the app's shutdown runs.
 *
 * Its settings come as JSON in S3DESK_UPLOAD_UNTIL_KILLED.
 */
import { createServices } from '../../../main/create-services';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';

export interface UploadUntilKilled {
  backendUrl: string;
  awsEndpoint: string;
  username: string;
  password: string;
  settingsPath: string;
  uploadRegistryPath: string;
  bucket: string;
  prefix: string;
  file: string;
}

const setup = JSON.parse(process.env.S3DESK_UPLOAD_UNTIL_KILLED ?? '{}') as UploadUntilKilled;
const services = await createServices({
  secrets: new MemorySecretStore(),
  settingsPath: setup.settingsPath,
  awsEndpoint: setup.awsEndpoint,
  uploadRegistryPath: setup.uploadRegistryPath,
});
await services.session.signIn(setup.backendUrl, setup.username, setup.password);
const plan = await services.transfers.planUpload({ bucket: setup.bucket, prefix: setup.prefix, paths: [setup.file] });
services.transfers.startUpload({ planId: plan.planId, existing: 'replace' });
process.stdout.write('started\n');
// Nothing more: the parts go on until the test kills this process.
setInterval(() => {}, 60_000);
