import { startAwsEmulator, type AwsEmulatorOptions } from '../../devstack/aws/server';

/**
 * The local stack's AWS emulator in a process of its own, so that signing
 * OpenID tokens for the backends is not done on the event loop of the clients
 * being measured. The parent sends its options and gets { endpoint } back;
 * 'close' or the parent going away stops it.
 */
type ChildOptions = Pick<AwsEmulatorOptions, 'dataDir' | 'region' | 'identityPools' | 'developerKeys'>;

function send(message: unknown): void {
  process.send?.(message);
}

process.once('message', (options: ChildOptions) => {
  // The emulator logs every call; under load that is noise, and the backends log their own side.
  startAwsEmulator({ ...options, host: '127.0.0.1', port: 0, log: () => {} }).then(
    (emulator) => {
      let closing = false;
      const close = () => {
        if (closing) return;
        closing = true;
        void emulator.close().finally(() => process.exit(0));
      };
      process.on('message', (message) => {
        if (message === 'close') close();
      });
      process.on('disconnect', close);
      send({ endpoint: emulator.endpoint });
    },
    (error: unknown) => {
      send({ error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
