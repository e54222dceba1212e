const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string | undefined, digits: number): Intl.NumberFormat {
  const key = `${locale ?? ''}\n${digits}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A size as people read it in a file browser: "0 bytes", "1 byte", "512 bytes",
 * "1.5 KB", "24 KB", "3.2 GB" (1 KB = 1024 bytes, as the S3 console counts).
 * One decimal below 10 units, whole numbers above.
 */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) {
    const whole = Math.round(bytes);
    return `${numberFormat(locale, 0).format(whole)} ${whole === 1 ? 'byte' : 'bytes'}`;
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 KB would round to "1,024 KB": show it as the next unit instead.
  if (Math.round(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${numberFormat(locale, digits).format(value)} ${UNITS[unit]}`;
}

/** "1 file", "1,204 files". */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
