//! ID token verification with jsonwebtoken and the JWKS: signature, issuer
//! (exact), audience and authorized party, expiry, not-before, issued-at, nonce.

use super::result::Diagnosis;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};

pub type Claims = serde_json::Map<String, serde_json::Value>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    #[error("the ID token is not a well-formed JWT: {0}")]
    Malformed(String),
    #[error("the ID token is signed with {0}, not RS256")]
    Algorithm(String),
    #[error("the ID token's signing key (kid {0:?}) is not in the JWKS")]
    UnknownKey(String),
    #[error("the ID token's signature does not verify against the JWKS")]
    Signature,
    #[error("the ID token's issuer is {found:?}, expected exactly {expected:?}")]
    Issuer { expected: String, found: String },
    #[error("the ID token's audience {found} does not include the client ID {expected}")]
    Audience { expected: String, found: String },
    #[error("the ID token has expired")]
    Expired,
    #[error("the ID token is not valid yet (nbf is in the future)")]
    NotYetValid,
    #[error("the ID token was issued in the future (iat {iat}, more than {LEEWAY_SECS} s ahead of this computer's clock)")]
    IssuedInFuture { iat: u64 },
    #[error("the ID token is for several audiences and its authorized party (azp) is {found}, not the client ID {expected}")]
    AuthorizedParty { expected: String, found: String },
    #[error("the ID token's nonce does not match the one sent")]
    Nonce,
}

impl IdTokenError {
    pub fn diagnosis(&self) -> Diagnosis {
        match self {
            IdTokenError::Malformed(_) => Diagnosis::IdTokenMalformed,
            IdTokenError::Algorithm(_) => Diagnosis::IdTokenAlgorithm,
            IdTokenError::UnknownKey(_) => Diagnosis::IdTokenUnknownKey,
            IdTokenError::Signature => Diagnosis::IdTokenSignature,
            IdTokenError::Issuer { .. } => Diagnosis::IdTokenIssuer,
            IdTokenError::Audience { .. } => Diagnosis::IdTokenAudience,
            IdTokenError::Expired => Diagnosis::IdTokenExpired,
            IdTokenError::NotYetValid | IdTokenError::IssuedInFuture { .. } => {
                Diagnosis::IdTokenNotYetValid
            }
            IdTokenError::AuthorizedParty { .. } => Diagnosis::IdTokenAudience,
            IdTokenError::Nonce => Diagnosis::NonceMismatch,
        }
    }
}

/// Allowed clock skew, in seconds.
pub const LEEWAY_SECS: u64 = 60;

/// Verify `token` against `jwks` and return its claims.
pub fn verify(
    token: &str,
    jwks: &JwkSet,
    expected_issuer: &str,
    client_id: &str,
    nonce: &str,
) -> Result<Claims, IdTokenError> {
    let header = decode_header(token).map_err(|e| IdTokenError::Malformed(e.to_string()))?;
    if header.alg != Algorithm::RS256 {
        return Err(IdTokenError::Algorithm(format!("{:?}", header.alg)));
    }
    let jwk = match &header.kid {
        Some(kid) => jwks
            .find(kid)
            .ok_or_else(|| IdTokenError::UnknownKey(kid.clone()))?,
        None if jwks.keys.len() == 1 => &jwks.keys[0],
        None => return Err(IdTokenError::UnknownKey(String::new())),
    };
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|e| IdTokenError::Malformed(format!("unusable JWK: {e}")))?;
    let mut v = Validation::new(Algorithm::RS256);
    v.leeway = LEEWAY_SECS;
    v.set_issuer(&[expected_issuer]);
    v.set_audience(&[client_id]);
    v.validate_nbf = true;
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data = decode::<Claims>(token, &key, &v).map_err(|e| {
        use jsonwebtoken::errors::ErrorKind as K;
        match e.kind() {
            K::InvalidSignature => IdTokenError::Signature,
            K::ExpiredSignature => IdTokenError::Expired,
            K::ImmatureSignature => IdTokenError::NotYetValid,
            K::InvalidIssuer => IdTokenError::Issuer {
                expected: expected_issuer.to_owned(),
                found: peek_claim(token, "iss"),
            },
            K::InvalidAudience => IdTokenError::Audience {
                expected: client_id.to_owned(),
                found: peek_claim(token, "aud"),
            },
            K::InvalidAlgorithm => IdTokenError::Algorithm(format!("{:?}", header.alg)),
            _ => IdTokenError::Malformed(e.to_string()),
        }
    })?;
    let claims = data.claims;
    if claims.get("nonce").and_then(|n| n.as_str()) != Some(nonce) {
        return Err(IdTokenError::Nonce);
    }
    check_iat(&claims)?;
    check_azp(&claims, client_id)?;
    Ok(claims)
}

/// `iat` may be ahead of this computer's clock by the allowed skew, no more.
fn check_iat(claims: &Claims) -> Result<(), IdTokenError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    match claims.get("iat").and_then(|v| v.as_f64()) {
        Some(iat) if iat > (now + LEEWAY_SECS) as f64 => {
            Err(IdTokenError::IssuedInFuture { iat: iat as u64 })
        }
        _ => Ok(()),
    }
}

/// With several audiences the authorized party must be there and be this
/// client; a present `azp` must be this client (OpenID Connect Core 1.0, 3.1.3.7).
fn check_azp(claims: &Claims, client_id: &str) -> Result<(), IdTokenError> {
    let several = claims
        .get("aud")
        .and_then(|a| a.as_array())
        .is_some_and(|a| a.len() > 1);
    let azp = claims.get("azp").map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    match azp {
        Some(found) if found != client_id => Err(IdTokenError::AuthorizedParty {
            expected: client_id.to_owned(),
            found,
        }),
        None if several => Err(IdTokenError::AuthorizedParty {
            expected: client_id.to_owned(),
            found: "missing".to_owned(),
        }),
        _ => Ok(()),
    }
}

/// A claim of an (unverified) token, only to explain a failure.
fn peek_claim(token: &str, name: &str) -> String {
    use base64::Engine;
    token
        .split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p.trim_end_matches('='))
                .ok()
        })
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get(name).cloned())
        .map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        })
        .unwrap_or_else(|| "(none)".to_owned())
}

#[cfg(test)]
mod tests {
    //! Tokens signed here with throw-away test keys (testdata/, never used elsewhere),
    //! for the cases a real provider will not produce.
    use super::*;
    use jsonwebtoken::{encode, EncodingKey, Header};
    use serde_json::json;

    const KEY_A: &str = include_str!("testdata/test_key_a.pem");
    const KEY_B: &str = include_str!("testdata/test_key_b.pem");
    const N_A: &str = "5x34XFHjic5nsygfCQNxa1YWqpavnbPN0eEuybrF5HFhpztvAlf-FLMAnelMhr8S5CotjP06shKEb5I8BxVnDVhRUDyg4AfQ5Kx-Cl8izuk8T3Pb-M7Q7pibRvbMNedJcTBBqJsoRE6omFg4bfO9UOkW3LynVlWfNjNGJ5_vgUcanxmXWuNGZua775byosGISjLa2hC3VziH4o4sw4FDuz9XnZTUt9M6JM67JYKwRUc55pwcFWnxTcuEneRhnWHC6-L329g48lBsr6z9Kds_B-daqMcOhpY9x6Ghvf1K1tY3JwAkpGaC2mT9wBSU1gPz7EwICcbKieI9mr0BwevH9w";
    const ISS: &str = "https://tenant.example.auth0.com/";
    const CLIENT: &str = "client-abc";
    const NONCE: &str = "n-0S6_WzA2Mj";

    fn jwks() -> JwkSet {
        serde_json::from_value(json!({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "key-a", "n": N_A, "e": "AQAB"}]})).unwrap()
    }

    fn now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    fn claims() -> serde_json::Value {
        json!({"iss": ISS, "aud": CLIENT, "sub": "auth0|123", "exp": now() + 600, "iat": now(), "nonce": NONCE, "email": "u@example.com"})
    }

    fn sign(pem: &str, kid: &str, claims: &serde_json::Value) -> String {
        let mut h = Header::new(Algorithm::RS256);
        h.kid = Some(kid.to_owned());
        encode(
            &h,
            claims,
            &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
        )
        .unwrap()
    }

    /// Why `token` is rejected with the usual expectations.
    fn rejected(token: &str) -> Diagnosis {
        verify(token, &jwks(), ISS, CLIENT, NONCE)
            .unwrap_err()
            .diagnosis()
    }

    fn with(k: &str, v: serde_json::Value) -> serde_json::Value {
        let mut c = claims();
        c[k] = v;
        c
    }

    #[test]
    fn a_good_token_verifies_and_returns_its_claims() {
        let c = verify(
            &sign(KEY_A, "key-a", &claims()),
            &jwks(),
            ISS,
            CLIENT,
            NONCE,
        )
        .unwrap();
        assert_eq!(c["email"], "u@example.com");
        // An audience list that includes the client is fine too, with the client as azp.
        let mut c = with("aud", json!(["other", CLIENT]));
        c["azp"] = json!(CLIENT);
        assert!(verify(&sign(KEY_A, "key-a", &c), &jwks(), ISS, CLIENT, NONCE).is_ok());
        // A clock a little behind the provider's is allowed for.
        let t = sign(KEY_A, "key-a", &with("iat", json!(now() + LEEWAY_SECS / 2)));
        assert!(verify(&t, &jwks(), ISS, CLIENT, NONCE).is_ok());
    }

    #[test]
    fn several_audiences_need_the_client_as_authorized_party() {
        let several = with("aud", json!(["other", CLIENT]));
        let t = sign(KEY_A, "key-a", &several);
        assert_eq!(rejected(&t), Diagnosis::IdTokenAudience, "no azp");
        let mut c = several.clone();
        c["azp"] = json!("other");
        let e = verify(&sign(KEY_A, "key-a", &c), &jwks(), ISS, CLIENT, NONCE).unwrap_err();
        assert!(
            matches!(&e, IdTokenError::AuthorizedParty { found, .. } if found == "other"),
            "{e:?}"
        );
        // One audience with another azp is not this client's token either.
        let t = sign(KEY_A, "key-a", &with("azp", json!("other")));
        assert_eq!(rejected(&t), Diagnosis::IdTokenAudience);
    }

    #[test]
    fn a_token_from_the_future_is_rejected() {
        let t = sign(KEY_A, "key-a", &with("nbf", json!(now() + 3600)));
        assert_eq!(
            verify(&t, &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::NotYetValid
        );
        let t = sign(KEY_A, "key-a", &with("iat", json!(now() + 3600)));
        assert!(matches!(
            verify(&t, &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::IssuedInFuture { .. }
        ));
        assert_eq!(rejected(&t), Diagnosis::IdTokenNotYetValid);
    }

    #[test]
    fn the_issuer_must_match_exactly_even_the_trailing_slash() {
        let e = verify(
            &sign(KEY_A, "key-a", &claims()),
            &jwks(),
            ISS.trim_end_matches('/'),
            CLIENT,
            NONCE,
        )
        .unwrap_err();
        assert!(
            matches!(&e, IdTokenError::Issuer { found, .. } if found == ISS),
            "{e:?}"
        );
        assert_eq!(e.diagnosis(), Diagnosis::IdTokenIssuer);
        let t = sign(KEY_A, "key-a", &with("iss", json!("https://evil.example/")));
        assert_eq!(rejected(&t), Diagnosis::IdTokenIssuer);
    }

    #[test]
    fn wrong_audience_expiry_and_nonce_are_rejected() {
        let t = sign(KEY_A, "key-a", &with("aud", json!("someone-else")));
        assert_eq!(rejected(&t), Diagnosis::IdTokenAudience);
        let t = sign(KEY_A, "key-a", &with("exp", json!(now() - 3600)));
        assert_eq!(
            verify(&t, &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::Expired
        );
        let t = sign(KEY_A, "key-a", &claims());
        assert_eq!(
            verify(&t, &jwks(), ISS, CLIENT, "another-nonce").unwrap_err(),
            IdTokenError::Nonce
        );
        let mut c = claims();
        c.as_object_mut().unwrap().remove("nonce");
        assert_eq!(
            verify(&sign(KEY_A, "key-a", &c), &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::Nonce
        );
    }

    #[test]
    fn a_token_signed_by_an_unknown_key_is_rejected() {
        // Another key under a kid the JWKS has: the signature fails.
        let t = sign(KEY_B, "key-a", &claims());
        assert_eq!(
            verify(&t, &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::Signature
        );
        // A kid the JWKS does not have.
        let t = sign(KEY_B, "key-b", &claims());
        assert_eq!(
            verify(&t, &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::UnknownKey("key-b".into())
        );
    }

    #[test]
    fn hs256_and_garbage_are_rejected() {
        let t = encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(b"client-secret"),
        )
        .unwrap();
        assert_eq!(rejected(&t), Diagnosis::IdTokenAlgorithm);
        assert_eq!(
            verify("not.a.jwt", &jwks(), ISS, CLIENT, NONCE)
                .unwrap_err()
                .diagnosis(),
            Diagnosis::IdTokenMalformed
        );
        // A tampered payload no longer matches its signature.
        let t = sign(KEY_A, "key-a", &claims());
        let parts: Vec<&str> = t.split('.').collect();
        use base64::Engine;
        let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(with("email", json!("admin@example.com")).to_string());
        let t2 = format!("{}.{}.{}", parts[0], forged, parts[2]);
        assert_eq!(
            verify(&t2, &jwks(), ISS, CLIENT, NONCE).unwrap_err(),
            IdTokenError::Signature
        );
    }
}
