//! Serves the small demo scenario from an in-memory database for looking at the pages by hand:
//! `cargo run -p server --example preview -- 127.0.0.1:8099`. Prints a session token to put in
//! an `aqiqat_session` cookie; the administrator's password is printed too.

use domain::protected::Protected;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8099".to_owned());
    let now = domain::date::Timestamp::from_millis(1_700_000_000_000);
    let app = app::App::open_in_memory().await.expect("an in-memory database opens");
    let scenario = demo::generate(&demo::DemoConfig { seed: 7, scale: demo::Scale::Small });
    let password = Protected::new("preview-password".to_owned());
    let passwords =
        app::DemoPasswords { admin: password.clone(), investigator: password.clone(), analyst: password.clone() };
    let summary = app.load_demo(&scenario, &passwords, now).await.expect("the demo loads");
    println!("{summary}");
    let app::SignIn::Session(session) =
        app.sign_in(app::DEMO_ADMIN_USERNAME, &password, "127.0.0.1", server_now()).await.expect("sign-in works")
    else {
        panic!("the demo administrator signs in with a password alone")
    };
    println!(
        "user names: {}, {} and {}\npassword: {}",
        app::DEMO_ADMIN_USERNAME,
        app::DEMO_INVESTIGATOR_USERNAME,
        app::DEMO_ANALYST_USERNAME,
        password.expose()
    );
    println!("session: {}", session.token);
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{address}");
    server::serve(
        listener,
        app,
        server::ServerConfig { secure_cookies: false, require_admin_second_factor: false, trusted_proxy: None },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await
}

/// The session must not have expired in wall-clock time, so it is opened at the real time.
fn server_now() -> domain::date::Timestamp {
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    domain::date::Timestamp::from_millis(millis as i64)
}
