//! A real SMTP server on 127.0.0.1 for the tests: speaks enough of RFC 5321 for a client to
//! deliver — and, when asked, STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN (RFC 4954) like a
//! relay of a mail provider — and keeps every message it was given.

use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufStream};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
    /// Delivered inside TLS.
    pub tls: bool,
    /// The login the client authenticated with.
    pub user: Option<String>,
}

/// What the sink demands, like a provider's relay would.
#[derive(Clone, Default)]
pub struct Demands {
    /// Offer STARTTLS with the test certificate for `localhost` (tests/fixtures/smtp).
    pub starttls: bool,
    /// Require AUTH with this login and password, offered only inside TLS.
    pub credentials: Option<(String, String)>,
}

pub struct SmtpSink {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Mail>>>,
}

/// The test CA that signed the sink's certificate, for `HELPDESK_SMTP_CA_FILE`.
pub fn test_ca_file() -> String {
    format!("{}/tests/fixtures/smtp/ca.pem", env!("CARGO_MANIFEST_DIR"))
}

fn acceptor() -> TlsAcceptor {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let dir = format!("{}/tests/fixtures/smtp", env!("CARGO_MANIFEST_DIR"));
    let certs: Vec<CertificateDer> =
        CertificateDer::pem_file_iter(format!("{dir}/localhost.pem")).unwrap().collect::<Result<_, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/localhost.key")).unwrap();
    let config =
        tokio_rustls::rustls::ServerConfig::builder().with_no_client_auth().with_single_cert(certs, key).unwrap();
    TlsAcceptor::from(Arc::new(config))
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        SmtpSink::start_with(Demands::default()).await
    }

    pub async fn start_with(demands: Demands) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let store = mails.clone();
        let tls = demands.starttls.then(acceptor);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (store, demands, tls) = (store.clone(), demands.clone(), tls.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, store, demands, tls).await;
                });
            }
        });
        SmtpSink { port, mails }
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    /// Waits (briefly) until `n` messages have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Mail> {
        for _ in 0..200 {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("expected {n} e-mails, got {:?}", self.mails());
    }
}

async fn serve(
    socket: TcpStream,
    store: Arc<Mutex<Vec<Mail>>>,
    demands: Demands,
    tls: Option<TlsAcceptor>,
) -> std::io::Result<()> {
    let mut plain = BufStream::new(socket);
    plain.write_all(b"220 sink ESMTP\r\n").await?;
    plain.flush().await?;
    if session(&mut plain, &store, &demands, tls.is_some(), false).await? == Next::StartTls {
        let Some(tls) = tls else { return Ok(()) };
        let secured = tls.accept(plain.into_inner()).await?;
        session(&mut BufStream::new(secured), &store, &demands, false, true).await?;
    }
    Ok(())
}

#[derive(PartialEq)]
enum Next {
    Done,
    StartTls,
}

async fn reply<S: AsyncWrite + Unpin>(stream: &mut S, text: &str) -> std::io::Result<()> {
    stream.write_all(text.as_bytes()).await?;
    stream.flush().await
}

async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufStream<S>,
    store: &Mutex<Vec<Mail>>,
    demands: &Demands,
    offer_starttls: bool,
    tls: bool,
) -> std::io::Result<Next> {
    let (mut from, mut to, mut user) = (String::new(), Vec::new(), None::<String>);
    let mut line = String::new();
    let read_line = async |stream: &mut BufStream<S>, line: &mut String| {
        line.clear();
        stream.read_line(line).await.map(|n| n > 0)
    };
    loop {
        if !read_line(stream, &mut line).await? {
            return Ok(Next::Done);
        }
        let command = line.trim_end().to_string();
        let upper = command.to_uppercase();
        let must_secure = demands.starttls && !tls;
        let must_login = demands.credentials.is_some() && user.is_none();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            let mut offer = String::from("250-sink\r\n");
            if offer_starttls {
                offer.push_str("250-STARTTLS\r\n");
            }
            if demands.credentials.is_some() && (tls || !demands.starttls) {
                offer.push_str("250-AUTH PLAIN LOGIN\r\n");
            }
            offer.push_str("250 8BITMIME\r\n");
            reply(stream, &offer).await?;
        } else if upper == "STARTTLS" && offer_starttls {
            reply(stream, "220 go ahead\r\n").await?;
            return Ok(Next::StartTls);
        } else if upper.starts_with("AUTH ") {
            let expected = demands.credentials.clone().unwrap_or_default();
            let given = if let Some(initial) = command.get(11..).filter(|_| upper.starts_with("AUTH PLAIN ")) {
                decode(initial).splitn(3, '\0').skip(1).map(str::to_string).collect::<Vec<_>>()
            } else if upper == "AUTH LOGIN" {
                reply(stream, "334 VXNlcm5hbWU6\r\n").await?;
                read_line(stream, &mut line).await?;
                let login = decode(line.trim_end());
                reply(stream, "334 UGFzc3dvcmQ6\r\n").await?;
                read_line(stream, &mut line).await?;
                vec![login, decode(line.trim_end())]
            } else {
                vec![]
            };
            if given == [expected.0.clone(), expected.1.clone()] {
                user = Some(expected.0);
                reply(stream, "235 authenticated\r\n").await?;
            } else {
                reply(stream, "535 5.7.8 bad credentials\r\n").await?;
            }
        } else if upper.starts_with("MAIL FROM:") {
            if must_secure {
                reply(stream, "530 5.7.0 must issue STARTTLS first\r\n").await?;
            } else if must_login {
                reply(stream, "530 5.7.0 authentication required\r\n").await?;
            } else {
                from = command[10..].trim().to_string();
                to.clear();
                reply(stream, "250 OK\r\n").await?;
            }
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().trim_matches(['<', '>']).to_string());
            reply(stream, "250 OK\r\n").await?;
        } else if upper == "DATA" {
            reply(stream, "354 go on\r\n").await?;
            let mut data = String::new();
            loop {
                if !read_line(stream, &mut line).await? {
                    return Ok(Next::Done);
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(&line);
            }
            store.lock().unwrap().push(Mail { from: from.clone(), to: to.clone(), data, tls, user: user.clone() });
            reply(stream, "250 queued\r\n").await?;
        } else if upper == "QUIT" {
            reply(stream, "221 bye\r\n").await?;
            return Ok(Next::Done);
        } else {
            reply(stream, "250 OK\r\n").await?;
        }
    }
}

fn decode(text: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim()).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}
