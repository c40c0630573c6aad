//! Secrets out of evidence: query, form and JSON values under secret keys.

use crate::secret::is_secret_key;
use url::Url;

const EXCERPT_CHARS: usize = 2048;
pub(super) const REDACTED: &str = "[redacted]";

/// The URL with secret query values replaced.
pub fn redact_url(url: &Url) -> String {
    if url.query().is_none() {
        return url.to_string();
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if is_secret_key(&k) {
                REDACTED.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    let mut u = url.clone();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}

/// The values of a form's secret keys (the client secret, a code, a verifier).
pub(super) fn secret_values(form: &[(String, String)]) -> Vec<String> {
    let secret = |(k, v): &(String, String)| is_secret_key(k).then(|| v.clone());
    form.iter().filter_map(secret).collect()
}

/// A form body as text, with secret values replaced.
pub fn redact_form(form: &[(String, String)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        ser.append_pair(k, if is_secret_key(k) { REDACTED } else { v });
    }
    ser.finish()
}

/// Replace the values of secret keys anywhere in a JSON value.
pub fn redact_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_key(k) {
                    *val = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_json(val);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

pub(super) fn redact_body(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut v) => {
            redact_json(&mut v);
            v.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => format!("{}… ({} bytes in all)", &text[..i], body.len()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_forms_and_json_lose_their_secrets() {
        let u = Url::parse("https://h/cb?code=abc123&state=xyz&access_token=t0k").unwrap();
        let r = redact_url(&u);
        assert!(!r.contains("abc123") && !r.contains("t0k"), "{r}");
        assert!(r.contains("state=xyz"), "{r}");
        let f = redact_form(&[
            ("client_id".into(), "cid".into()),
            ("client_secret".into(), "s3cr3t".into()),
        ]);
        assert!(f.contains("client_id=cid") && !f.contains("s3cr3t"), "{f}");
        let mut j = serde_json::json!({"access_token": "a", "nested": [{"id_token": "b"}], "scope": "openid"});
        redact_json(&mut j);
        assert_eq!(
            j,
            serde_json::json!({"access_token": REDACTED, "nested": [{"id_token": REDACTED}], "scope": "openid"})
        );
    }
}
