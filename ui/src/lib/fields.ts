// The wizard's own text fields (not a target's extras) as data: what each one
// is called, says and binds to, so that every step renders them one way
// (components/FormFields.svelte).
import type { Form } from "./wizard";
import type { TargetInfo } from "../bindings/TargetInfo";

/** The form's plain text fields. */
export type TextField = "domain" | "clientId" | "clientSecret" | "connectorId" | "connectorName" | "publicUrl" | "groupsClaim";

export interface FieldSpec {
  name: TextField & keyof Form;
  /** The input's id (end-to-end tests and labels use it). */
  id: string;
  label: string;
  help?: string;
  placeholder?: string;
  optional?: boolean;
  secret?: boolean;
  /** Validated as soon as it loses focus (else once the step is left). */
  touch?: boolean;
}

/** The Credentials step's fields. */
export const CREDENTIAL_FIELDS: FieldSpec[] = [
  { name: "domain", id: "domain", label: "Domain", touch: true, placeholder: "dev-abc123.us.auth0.com", help: "From the application's Settings tab, e.g. dev-abc123.us.auth0.com (or your custom domain)." },
  { name: "clientId", id: "client-id", label: "Client ID", touch: true, placeholder: "32 letters and digits" },
  { name: "clientSecret", id: "client-secret", label: "Client secret", secret: true, help: "Never written to a profile file. Leave empty to export a placeholder instead." },
];

/** A Dex connector's id and name (targets that use one). */
export const CONNECTOR_FIELDS: FieldSpec[] = [
  { name: "connectorId", id: "connector-id", label: "Connector ID", optional: true, placeholder: "auth0", help: "The Dex connector id; defaults to auth0." },
  { name: "connectorName", id: "connector-name", label: "Connector name", optional: true, placeholder: "Auth0", help: "The name on the login button; defaults to Auth0." },
];

/** The Target step's fields, named as the target names its public URL. */
export function targetFields(info: TargetInfo): FieldSpec[] {
  return [
    { name: "publicUrl", id: "public-url", label: info.urlLabel, help: info.urlHelp, placeholder: info.urlPlaceholder, touch: true },
    { name: "groupsClaim", id: "groups-claim", label: "Groups claim", optional: true, placeholder: "https://example.com/groups", help: "A namespaced claim for the user's Auth0 roles, e.g. https://example.com/groups. Leave empty if you do not map roles to groups." },
  ];
}
