//! The evidence vault through the web: an upload by form and by the API, the item page with its
//! custody log, a download recorded as `viewed` before the bytes, a transfer, an export whose
//! bundle verifies offline, a second upload of the same bytes recognised, and the size limit.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::access::Actor;

use crate::support::*;

fn vault_app(app: app::App, dir: &std::path::Path, max_bytes: u64) -> app::App {
    app.with_vault(app::Vault::new(dir.join("vault"), max_bytes))
}

#[tokio::test]
async fn upload_view_transfer_and_export_through_the_pages_and_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let app = vault_app(demo_app().await, dir.path(), 4096);
    let mut client = Client::signed_in(&app, "investigator").await;
    let form = client.get("/evidence/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf_field();

    // The form: streamed, stored, and the item page shows hash, size and the received entry.
    let bytes = b"synthetic phone video of the square".repeat(4);
    let reply = client
        .post_multipart(
            "/evidence",
            &[("csrf", &csrf), ("title", "Square video"), ("note", "from a witness, USB stick")],
            "v.mp4",
            &bytes,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let item = reply.header("location").to_owned();
    assert!(item.starts_with("/evidence/evd_"), "{item}");
    let page = client.get(&item).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&app::sha256_hex(&bytes)), "the page shows the hash");
    assert!(page.body.contains("from a witness, USB stick"));
    assert!(
        page.body.contains("The custody log&#x27;s hash chain is intact") || page.body.contains("hash chain is intact")
    );

    // The same bytes by the API: recognised as that item.
    client.headers = vec![("x-csrf-token", csrf.clone())];
    let request = Request::post("/api/v1/evidence?title=again")
        .header("content-type", "video/mp4")
        .body(Body::from(bytes.clone()))
        .unwrap();
    let again = client.send(request).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["recognised"], true);
    assert_eq!(format!("/evidence/{}", again.json()["id"].as_str().unwrap()), item);
    // A working copy by the API, and a file over the limit refused with 413.
    let id = item.trim_start_matches("/evidence/").to_owned();
    let request = Request::post(format!("/api/v1/evidence?title=Blurred&derived_from={id}&derivation=faces%20blurred"))
        .header("content-type", "video/mp4")
        .body(Body::from("blurred copy"))
        .unwrap();
    let copy = client.send(request).await;
    assert_eq!(copy.status, StatusCode::OK, "{}", copy.body);
    assert_eq!(copy.json()["derived_from"], id.as_str());
    let request = Request::post("/api/v1/evidence?title=big")
        .header("content-type", "video/mp4")
        .body(Body::from(vec![b'x'; 5000]))
        .unwrap();
    assert_eq!(client.send(request).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    client.headers.clear();
    assert!(client.get(&item).await.body.contains("Blurred"), "the original lists its working copy");

    // Download: the bytes, and a `viewed` entry already in the log.
    let download = client.post(&format!("{item}/download"), &[("csrf", &csrf)]).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), bytes.as_slice());
    let transfer = client.post(&format!("{item}/transfer"), &[("csrf", &csrf), ("note", "to the prosecutor")]).await;
    assert_eq!(transfer.status, StatusCode::SEE_OTHER);
    let evidence_id = domain::id::EvidenceId::parse(&id).unwrap();
    let log = app.evidence_detail(&Actor::System, &evidence_id).await.unwrap().custody;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["received", "viewed", "transferred"]);

    // Export: a .tar that verifies offline and names its signer; the export is in the log.
    let export = client.post("/evidence/export", &[("csrf", &csrf), ("item", &id), ("note", "for the court")]).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert!(export.header("content-disposition").contains("aqiqat-evidence-exb_"));
    let tar = dir.path().join("bundle.tar");
    std::fs::write(&tar, export.body.as_bytes()).unwrap();
    let key = app::PublicKey::from_hex(&app.signer().unwrap().1).unwrap();
    let verified = app::verify_evidence_bundle_at(&tar, Some(&key)).unwrap();
    assert_eq!(verified.exported_by, "investigator");
    assert_eq!(verified.items[0].3, 4, "received, viewed, transferred, exported");
    // The temporary bundle is gone once served.
    assert_eq!(std::fs::read_dir(dir.path().join("vault/tmp")).unwrap().count(), 0);

    // An analyst may not.
    let mut analyst = Client::signed_in(&app, "analyst").await;
    assert_eq!(analyst.get(&item).await.status, StatusCode::FORBIDDEN);
}
