//! A throwaway certificate authority for the loopback HTTPS servers.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::Context;
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType,
};
use tempfile::TempDir;

/// A CA whose certificate is written to `ca_file` (PEM) in a temporary directory.
pub struct TestCa {
    /// Path of the CA certificate (PEM): what a user would pass as a custom CA file.
    pub ca_file: PathBuf,
    /// The CA certificate (PEM).
    pub ca_pem: String,
    dir: TempDir,
    cert: Certificate,
    key: KeyPair,
    counter: AtomicU32,
}

/// A leaf certificate and its key, as PEM and as files in the CA's directory.
#[derive(Clone, Debug)]
pub struct LeafCert {
    pub cert_pem: String,
    pub key_pem: String,
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

enum Validity {
    Current,
    Expired,
}

impl TestCa {
    pub fn new() -> anyhow::Result<Self> {
        Self::named("auth0-wizard test CA")
    }

    fn named(cn: &str) -> anyhow::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("auth0-wizard-ca-")
            .tempdir()?;
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, cn);
        params.distinguished_name = dn;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate()?;
        let cert = params.self_signed(&key)?;
        let ca_pem = cert.pem();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, &ca_pem).context("writing ca.pem")?;
        Ok(Self {
            ca_file,
            ca_pem,
            dir,
            cert,
            key,
            counter: AtomicU32::new(0),
        })
    }

    /// The temporary directory holding ca.pem and the leaf files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A valid leaf for 127.0.0.1 and localhost.
    pub fn leaf(&self) -> anyhow::Result<LeafCert> {
        self.issue(&["localhost"], true, Validity::Current)
    }

    /// A leaf for 127.0.0.1 and localhost that expired in 2021.
    pub fn expired_leaf(&self) -> anyhow::Result<LeafCert> {
        self.issue(&["localhost"], true, Validity::Expired)
    }

    /// A valid leaf for `other.invalid` only (not 127.0.0.1, not localhost).
    pub fn wrong_host_leaf(&self) -> anyhow::Result<LeafCert> {
        self.issue(&["other.invalid"], false, Validity::Current)
    }

    /// A valid leaf for 127.0.0.1 and localhost from another CA, which nobody trusts.
    /// Its files are written into this CA's directory (not the other CA's certificate).
    pub fn untrusted_leaf(&self) -> anyhow::Result<LeafCert> {
        let other = TestCa::named("untrusted test CA")?;
        let mut leaf = other.leaf()?;
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let cert_file = self.dir.path().join(format!("untrusted-{n}.crt.pem"));
        let key_file = self.dir.path().join(format!("untrusted-{n}.key.pem"));
        std::fs::write(&cert_file, &leaf.cert_pem)?;
        std::fs::write(&key_file, &leaf.key_pem)?;
        leaf.cert_file = cert_file;
        leaf.key_file = key_file;
        Ok(leaf)
    }

    fn issue(
        &self,
        names: &[&str],
        loopback_ip: bool,
        validity: Validity,
    ) -> anyhow::Result<LeafCert> {
        let mut params =
            CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())?;
        if loopback_ip {
            params
                .subject_alt_names
                .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        }
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, names[0]);
        params.distinguished_name = dn;
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.use_authority_key_identifier_extension = true;
        if let Validity::Expired = validity {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.cert, &self.key)?;
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let cert_file = self.dir.path().join(format!("leaf-{n}.crt.pem"));
        let key_file = self.dir.path().join(format!("leaf-{n}.key.pem"));
        let leaf = LeafCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            cert_file,
            key_file,
        };
        std::fs::write(&leaf.cert_file, &leaf.cert_pem)?;
        std::fs::write(&leaf.key_file, &leaf.key_pem)?;
        Ok(leaf)
    }
}
