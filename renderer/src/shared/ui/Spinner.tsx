/** An indeterminate progress ring; decorative, so pair it with text or aria-busy. */
export function Spinner({ size = 'small' }: { size?: 'small' | 'large' }) {
  return <span className={`spinner spinner--${size}`} aria-hidden="true" />;
}
