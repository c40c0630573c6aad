//! Lines of pachd's, Dex's, Pomerium's and OpenMetadata's logs and pages
//! (reference B.2, B.3, C).

use super::text::Pasted;
use super::{Known, Setup};
use crate::checks::CheckId as C;
use crate::doctor::probe::compare::in_auth0_form;
use crate::doctor::probe::ProbeKind as P;

pub(super) const KNOWN: &[Known] = &[
    Known {
        code: "pachyderm.dex_not_started",
        any_of: &[
            &["unable to start dex server"],
            &["failed to open connector"],
            &["dex web server failed to start"],
        ],
        none_of: &[],
        explain: dex_not_started,
        checks: &[C::Discovery, C::Issuer],
        probes: &[P::Discovery],
        lint: true,
    },
    Known {
        code: "dex.callback_mismatch",
        any_of: &[
            &[
                "expected callback url",
                "did not match the url in the config",
            ],
            &["login error."],
        ],
        none_of: &[],
        explain: |_, s| {
            (
            format!("Dex refuses to start the login: the connector's redirectURI is not Dex's issuer + /callback. Behind Pachyderm's proxy it must include /dex/ ({}), and with an internal issuer (http://pachd:30658/dex) the connector also needs insecureSkipIssuerCallbackDomainCheck: true (C3, C4).", s.callback()),
            format!("Set the connector's redirectURI to {} and register exactly that URL in Auth0's Allowed Callback URLs; with an internal issuer, set insecureSkipIssuerCallbackDomainCheck: true.", s.callback()),
        )
        },
        checks: &[],
        probes: &[P::Discovery, P::Auth0Redirect],
        lint: true,
    },
    Known {
        code: "dex.email_verified_missing",
        any_of: &[&["missing", "email_verified"]],
        none_of: &[],
        explain: |_, s| {
            (
            "Dex asked for the e-mail, and Auth0's ID token carries no email_verified claim: the user's connection does not provide it (some social and enterprise connections), or an Action replaced the claims. Dex refuses such users.".to_owned(),
            format!("Use a connection that verifies e-mail addresses, or, if unverified addresses are acceptable, set insecureSkipEmailVerified: true in the connector. The wizard's login test through {} shows the claims.", s.domain()),
        )
        },
        checks: &[C::Login],
        probes: &[],
        lint: false,
    },
    Known {
        code: "pachyderm.unknown_field_version",
        any_of: &[&["unknown field", "version"]],
        none_of: &[],
        explain: |_, _| {
            (
            "pachd reads each oidc.upstreamIDPs entry strictly and stops on the key version, which only pachctl idp files have (C1); pachd then crash-loops.".to_owned(),
            "Remove version: from the oidc.upstreamIDPs entry in the Helm values (or the Secret's upstream-idps), then upgrade the release.".to_owned(),
        )
        },
        checks: &[],
        probes: &[],
        lint: true,
    },
    Known {
        code: "pachyderm.issuer_uri_not_dex",
        any_of: &[&["issueruri must end with /dex"]],
        none_of: &[],
        explain: |_, _| {
            (
            "With the proxy enabled, Pachyderm's chart requires oidc.issuerURI to end with /dex (C5).".to_owned(),
            "Set oidc.issuerURI to the proxy URL followed by /dex (or the internal http://pachd:30658/dex).".to_owned(),
        )
        },
        checks: &[],
        probes: &[P::Discovery],
        lint: true,
    },
    Known {
        code: "dex.connector_not_open",
        any_of: &[&["requested resource does not exist"]],
        none_of: &[],
        explain: |_, _| {
            (
            "Dex has the connector stored but cannot open it when the login starts (or the login's state expired): the connector's issuer or secret is wrong, or the issuer is unreachable from Dex.".to_owned(),
            "Read Dex's (pachd's) log for \"Failed to get connector\"; check the connector's issuer (Auth0's exact form) and that Dex reaches it.".to_owned(),
        )
        },
        checks: &[C::Discovery, C::Issuer],
        probes: &[P::LoginPage],
        lint: true,
    },
    Known {
        code: "dex.client_unknown",
        any_of: &[&["invalid client_id ("], &["unregistered redirect_uri"]],
        none_of: &[],
        explain: |_, _| {
            (
            "Dex refused its own client, not Auth0's: the Dex client (pachd, console) or its redirect URI differs from what calls Dex (pachd.oauthClientID, pachd.oauthRedirectURI).".to_owned(),
            "Make the Dex client and its redirect URI in pachd's configuration match the URL users come from (pachd.oauthRedirectURI defaults to <proxy URL>/authorization-code/callback).".to_owned(),
        )
        },
        checks: &[],
        probes: &[P::Auth0Redirect],
        lint: false,
    },
    Known {
        code: "pomerium.option_removed",
        any_of: &[
            &["config option was removed"],
            &["configuration options are no longer supported"],
        ],
        none_of: &[],
        explain: |_, _| {
            (
            "Pomerium 0.20 and later refuse to start with options that were removed: idp_service_account, idp_refresh_directory_*, idp_qps, routes' allowed_groups (C6).".to_owned(),
            "Remove those options; carry the user's Auth0 roles in a namespaced claim and use it in policies (claim/…).".to_owned(),
        )
        },
        checks: &[],
        probes: &[],
        lint: true,
    },
    Known {
        code: "pomerium.unknown_option",
        any_of: &[&["unknown config option"]],
        none_of: &[],
        explain: |p, s| {
            if p.lower.contains("authenticate_callback_path") {
                let cb = s.callback();
                return (
                    format!("Pomerium 0.31 and later no longer read authenticate_callback_path: the callback is always /oauth2/callback, so a custom path registered in Auth0 no longer matches (C7). For this setup it is {cb}."),
                    format!("Remove authenticate_callback_path and register {cb} in Auth0's Allowed Callback URLs."),
                );
            }
            (
                "Pomerium ignores an option it does not know: a typo, or an option of another version.".to_owned(),
                "Check the option's name against Pomerium's documentation for your version (the file's lint names the nearest known option).".to_owned(),
            )
        },
        checks: &[],
        probes: &[],
        lint: true,
    },
    Known {
        code: "openmetadata.jwks_key_missing",
        any_of: &[
            &["no key found", "kid"],
            &["keyid doesn't match the configured keyid"],
        ],
        none_of: &[],
        explain: |_, s| {
            let jwks = format!("https://{}/.well-known/jwks.json", s.domain());
            (
                format!("OpenMetadata has no key for the token's kid: publicKeyUrls lacks Auth0's key set {jwks} (or names another host) (C11). For bots and ingestion tokens, older versions also need OpenMetadata's own /api/v1/system/config/jwks (C12)."),
                format!("Add {jwks} to publicKeyUrls (and https://<OpenMetadata host>/api/v1/system/config/jwks on older versions), then restart OpenMetadata."),
            )
        },
        checks: &[C::Jwks],
        probes: &[P::AuthConfig],
        lint: true,
    },
    Known {
        code: "openmetadata.jwks_redirect",
        any_of: &[&["unrecognized token 'moved'"]],
        none_of: &[],
        explain: |_, _| {
            (
            "A publicKeyUrls entry is http://, and the ingress answers it with a redirect to https, whose body OpenMetadata tries to read as keys (C13).".to_owned(),
            "Write that entry with https://.".to_owned(),
        )
        },
        checks: &[],
        probes: &[P::AuthConfig],
        lint: true,
    },
    Known {
        code: "openmetadata.authority_not_https",
        any_of: &[
            &["auth0 issuers must use https"],
            &["domain validation failed"],
        ],
        none_of: &[],
        explain: |_, s| {
            (
            "OpenMetadata's security configuration check refuses an authority that is not https (C15).".to_owned(),
            format!("Set authority to https://{} (no trailing slash).", s.domain()),
        )
        },
        checks: &[],
        probes: &[P::AuthConfig],
        lint: true,
    },
    Known {
        code: "openmetadata.config_in_database",
        any_of: &[&["at least one public key url must be"]],
        none_of: &[],
        explain: |_, _| {
            (
            "OpenMetadata 1.9 and later keep the security configuration in the database: the UI's strict validators block the save, and changed environment or Helm values are ignored after a redeploy (C18).".to_owned(),
            "Apply the configuration with openmetadata-ops.sh update-security-config, then restart OpenMetadata.".to_owned(),
        )
        },
        checks: &[],
        probes: &[P::AuthConfig],
        lint: false,
    },
];

fn dex_not_started(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let file = s
        .settings
        .map(|x| x.issuer.trim())
        .filter(|i| !i.is_empty() && !in_auth0_form(i))
        .map(|i| format!(" The file's issuer {i} is not in that form: that is the likely cause."))
        .unwrap_or_default();
    let unreachable = if p.lower.contains("no such host") || p.lower.contains("timeout") {
        " The log line says pachd could not reach the issuer: check DNS and egress from the cluster."
    } else {
        ""
    };
    (
        format!("Dex inside pachd cannot start because a connector fails to open; pachd then answers every /dex URL with HTTP 500 \"unable to start Dex server, check logs\" (C2). Most often the connector's issuer is not Auth0's exact form, {}.{file}{unreachable}", s.auth0_issuer()),
        format!("Write the connector's issuer exactly as {} (https:// and the trailing slash), apply it, and read pachd's log for \"Failed to open connector\".", s.auth0_issuer()),
    )
}
