// An error shown at the control that caused it. A keyring error names that
// control by its visible label (the store's message says how to unlock it).
import { toApiError } from "../api";

export function isKeyringError(code: string): boolean {
  return code.startsWith("keyring.");
}

/** The message for an error of the control labelled `label`; `extra` is added to keyring errors only. */
export function controlError(e: unknown, label: string, extra = ""): string {
  const err = toApiError(e);
  if (!isKeyringError(err.code)) return err.message;
  const msg = err.message.charAt(0).toLowerCase() + err.message.slice(1);
  return `“${label}” could not use the system keyring: ${msg}${extra ? ` ${extra}` : ""}`;
}
