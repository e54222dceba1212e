import './AccountAvatar.css';

const HUES = 6;

/** A stable pick from a few hues, so the same account always wears the same colour. */
function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % HUES;
}

/** A round initial standing for an account, to tell accounts apart at a glance. */
export function AccountAvatar({ username, host, size = 'medium' }: { username: string; host: string; size?: 'small' | 'medium' }) {
  const initial = [...username.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span className={`account-avatar account-avatar--${size} account-avatar--hue${hueOf(`${username}@${host}`)}`} aria-hidden="true">
      {initial}
    </span>
  );
}
