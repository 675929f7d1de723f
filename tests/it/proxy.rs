//! A TCP forwarder that can be cut and restored: a database outage as the portal would meet it
//! (connections break, new ones are refused until the server is back on the same address).

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct TcpProxy {
    pub addr: SocketAddr,
    cut: watch::Sender<bool>,
}

impl TcpProxy {
    pub async fn start(target: SocketAddr) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (cut, cut_rx) = watch::channel(false);
        let mut watching = cut_rx.clone();
        tokio::spawn(async move {
            let mut listener = Some(listener);
            loop {
                match &listener {
                    Some(open) => {
                        tokio::select! {
                            accepted = open.accept() => {
                                let Ok((client, _)) = accepted else { return };
                                tokio::spawn(forward(client, target, cut_rx.clone()));
                            }
                            _ = watching.wait_for(|cut| *cut) => listener = None,
                        }
                    }
                    None => {
                        if watching.wait_for(|cut| !*cut).await.is_err() {
                            return;
                        }
                        listener = Some(TcpListener::bind(addr).await.expect("the same address again"));
                    }
                }
            }
        });
        TcpProxy { addr, cut }
    }

    /// Breaks every connection through the proxy and refuses new ones until [`Self::restore`].
    pub fn cut(&self) {
        self.cut.send_replace(true);
    }

    pub fn restore(&self) {
        self.cut.send_replace(false);
    }
}

async fn forward(mut client: TcpStream, target: SocketAddr, mut cut: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(target).await else { return };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = cut.wait_for(|cut| *cut) => {}
    }
}
