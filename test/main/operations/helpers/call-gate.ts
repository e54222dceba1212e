import type { SignedInStack } from '../../helpers/signed-in-stack';

/** Holds the session client's calls of one command that `match` picks, so a test can act while they wait. */
export interface Gate {
  hold(command: string, match: (input: Record<string, unknown>, count: number) => boolean): void;
  /** Resolves once a call is held. */
  held(): Promise<void>;
  /** Lets every held call (and those to come) go on. */
  release(): void;
}

export function gateCalls(env: SignedInStack): Gate {
  let rule: { command: string; match: (input: Record<string, unknown>, count: number) => boolean; count: number } | null = null;
  let opened: Promise<void> = Promise.resolve();
  let open = () => {};
  let heldOne = () => {};
  let someHeld = new Promise<void>((resolve) => (heldOne = resolve));
  env.s3().middlewareStack.add(
    (next, context) => async (args) => {
      if (rule && context.commandName === rule.command) {
        rule.count += 1;
        if (rule.match(args.input as Record<string, unknown>, rule.count)) {
          heldOne();
          await opened;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'testCopyGate' },
  );
  return {
    hold(command, match) {
      rule = { command, match, count: 0 };
      opened = new Promise((resolve) => (open = resolve));
      someHeld = new Promise((resolve) => (heldOne = resolve));
    },
    held: () => someHeld,
    release() {
      rule = null;
      open();
    },
  };
}
