/**
 * Our own sentence for a keytar failure. Keytar's messages come from
 * libsecret, D-Bus, macOS Security or Windows Credential Manager: they are
 * matched here, never shown — they were not written for the window and may
 * name paths, bus addresses or other applications. Log them (redacted) instead.
 */
export function keychainReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service|Secret Service|No such interface/i.test(message)) {
    return KEYCHAIN_REASONS.noSecretService;
  }
  if (/D-?Bus|DBUS_SESSION_BUS_ADDRESS|X11|\$DISPLAY|Could not connect/i.test(message)) return KEYCHAIN_REASONS.noSessionBus;
  if (/cancel|dismiss|denied/i.test(message)) return KEYCHAIN_REASONS.cancelled;
  if (/locked|unlock|interaction is not allowed/i.test(message)) return KEYCHAIN_REASONS.locked;
  return KEYCHAIN_REASONS.unknown;
}

export const KEYCHAIN_REASONS = {
  noSecretService: 'No keychain service (such as GNOME Keyring or KWallet) is running, so S3 Desk cannot remember your sign-in.',
  noSessionBus: 'The desktop session bus (D-Bus) is not available, so S3 Desk cannot reach the system keychain.',
  cancelled: 'The keychain prompt was cancelled, so S3 Desk cannot remember your sign-in this time.',
  locked: 'The system keychain is locked, so S3 Desk cannot remember your sign-in. Unlock it and sign in again.',
  unknown: 'The system keychain is not available, so S3 Desk cannot remember your sign-in. The log has the details.',
} as const;
