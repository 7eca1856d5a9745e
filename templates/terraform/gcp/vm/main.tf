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

# A new project has these APIs off. They stay on after a destroy: other deployments may use them.
resource "google_project_service" "apis" {
  for_each = toset(["compute.googleapis.com", "iap.googleapis.com", "oslogin.googleapis.com"])

  service            = each.value
  disable_on_destroy = false
}

locals {
  labels = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
  # Zones that are up, spread by name: deployments do not all land in the region's first zone, and the
  # same name picks the same zone on every plan. The VM ignores later changes (see its lifecycle), so a
  # zone going down or a new zone appearing never replaces it.
  zones = sort(data.google_compute_zones.up.names)
  zone  = local.zones[parseint(substr(sha256(var.name), 0, 8), 16) % length(local.zones)]
  # The newest machine families (C4, N4, ...) only take Hyperdisk boot disks.
  boot_disk_type = can(regex("^(c4|c4d|n4|n4d|x4|m4|h4d)-", var.machine_type)) ? "hyperdisk-balanced" : "pd-balanced"
}

data "google_compute_zones" "up" {
  region = var.region
  status = "UP"

  depends_on = [google_project_service.apis]
}

# Names carry the kind, so a VM and a cluster of the same name can live in one project.
resource "google_compute_network" "this" {
  name                    = "${var.name}-vm-net"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "this" {
  name                     = "${var.name}-vm-subnet"
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

  lifecycle {
    # The zone is chosen at the first deploy; a later change in the zone list must not move (replace) the VM.
    ignore_changes = [zone]
  }
}
