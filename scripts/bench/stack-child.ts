import { seedHugeFolder } from '../../devstack/seed';
import { startStack } from '../../devstack/stack';
import type { NetworkProfile } from './report';

/**
 * The local stack in a process of its own, as `npm run stack` runs it: the
 * emulator's work (SQLite, XML, disk) then happens beside the client being
 * measured, as S3 does, instead of on the client's event loop. The parent
 * sends { stateDir, network, hugeFolder }, gets { info } back, and sends 'close' (or goes away).
 * hugeFolder seeds the million-key folder (list-1m) before answering.
 */
function send(message: unknown): void {
  process.send?.(message);
}

process.once('message', (message: { stateDir: string; network: NetworkProfile; hugeFolder?: boolean }) => {
  const started = startStack({ stateDir: message.stateDir, fresh: true, backendPort: 0, awsPort: 0, network: message.network, log: () => {} }).then(
    async (stack) => {
      if (!message.hugeFolder) return stack;
      try {
        await seedHugeFolder(stack.emulator);
        return stack;
      } catch (error) {
        await stack.close().catch(() => undefined);
        throw error;
      }
    },
  );
  started.then(
    (stack) => {
      let closing = false;
      const close = () => {
        if (closing) return;
        closing = true;
        void stack.close().finally(() => {
          send({ closed: true });
          process.exit(0);
        });
      };
      process.on('message', (next) => {
        if (next === 'close') close();
      });
      process.on('disconnect', close);
      send({ info: stack.info });
    },
    (error: unknown) => {
      send({ error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
