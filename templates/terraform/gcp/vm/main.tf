# A Compute Engine VM in its own VPC network, reachable over SSH only through Identity-Aware Proxy.
# Credentials come from GOOGLE_APPLICATION_CREDENTIALS in the runner's environment, never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.1.0, <= 6.50.0"
    }
  }
}

locals {
  labels = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
  # Sorted so that the zone stays the same on every plan: a changed zone would replace the VM.
  zone = sort(data.google_compute_zones.available.names)[0]
  # The newest machine families (C4, N4, ...) only take Hyperdisk boot disks.
  boot_disk_type = can(regex("^(c4|c4d|n4|n4d|x4|m4|h4d)-", var.machine_type)) ? "hyperdisk-balanced" : "pd-balanced"
}

data "google_compute_zones" "available" {
  region = var.region
}

resource "google_compute_network" "this" {
  name                    = "${var.name}-net"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "this" {
  name                     = "${var.name}-subnet"
  region                   = var.region
  network                  = google_compute_network.this.id
  ip_cidr_range            = "10.10.0.0/24"
  private_ip_google_access = true
}

# The only way in: SSH from Google's IAP range (gcloud compute ssh --tunnel-through-iap).
resource "google_compute_firewall" "iap_ssh" {
  name          = "${var.name}-allow-iap-ssh"
  network       = google_compute_network.this.id
  direction     = "INGRESS"
  source_ranges = ["35.235.240.0/20"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_instance" "this" {
  name         = var.name
  machine_type = var.machine_type
  zone         = local.zone
  labels       = local.labels

  allow_stopping_for_update = true

  boot_disk {
    initialize_params {
      image  = "debian-cloud/debian-12"
      size   = 20
      type   = local.boot_disk_type
      labels = local.labels
    }
  }

  network_interface {
    subnetwork = google_compute_subnetwork.this.id

    # An ephemeral public IP for outbound traffic (package updates); the firewall above admits nothing but IAP.
    access_config {}
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  metadata = {
    "enable-oslogin"         = "TRUE"
    "block-project-ssh-keys" = "TRUE"
  }
}
