/** Keytar's messages come from libsecret/D-Bus; translate the common ones. They never contain the stored value. */
export function keychainReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(message)) {
    return 'No keychain service (such as GNOME Keyring or KWallet) is running, so S3 Desk cannot remember your sign-in.';
  }
  if (/D-?Bus|DBUS_SESSION_BUS_ADDRESS|X11|\$DISPLAY|Could not connect/i.test(message)) {
    return 'The desktop session bus (D-Bus) is not available, so S3 Desk cannot reach the system keychain.';
  }
  if (/locked|unlock|dismissed|cancel/i.test(message)) {
    return 'The system keychain is locked, so S3 Desk cannot remember your sign-in. Unlock it and sign in again.';
  }
  return `The system keychain is not available (${message.slice(0, 200)}).`;
}
