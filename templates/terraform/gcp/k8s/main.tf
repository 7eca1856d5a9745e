# A zonal GKE cluster in its own VPC network, with a separately managed node pool.
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
  for_each = toset(["compute.googleapis.com", "container.googleapis.com"])

  service            = each.value
  disable_on_destroy = false
}

locals {
  labels = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
  # Zonal rather than regional: a regional cluster runs node_count nodes in every zone, tripling the cost
  # the user was quoted. Zones that are up, spread by name; the same name picks the same zone on every plan,
  # and the cluster ignores later changes (see its lifecycle), so a zone-list change never replaces it.
  zones = sort(data.google_compute_zones.up.names)
  zone  = local.zones[parseint(substr(sha256(var.name), 0, 8), 16) % length(local.zones)]
}

data "google_compute_zones" "up" {
  region = var.region
  status = "UP"

  depends_on = [google_project_service.apis]
}

# Names carry the kind, so a VM and a cluster of the same name can live in one project.
resource "google_compute_network" "this" {
  name                    = "${var.name}-k8s-net"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "this" {
  name                     = "${var.name}-k8s-subnet"
  region                   = var.region
  network                  = google_compute_network.this.id
  ip_cidr_range            = "10.10.0.0/20"
  private_ip_google_access = true

  # Declared here (not left to GKE) so that Terraform does not see them as drift on the next plan.
  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = "10.20.0.0/14"
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = "10.24.0.0/20"
  }
}

resource "google_container_cluster" "this" {
  name            = var.name
  location        = local.zone
  network         = google_compute_network.this.id
  subnetwork      = google_compute_subnetwork.this.id
  networking_mode = "VPC_NATIVE"
  resource_labels = local.labels

  # The default pool cannot be changed without replacing the cluster; the pool below is managed on its own.
  remove_default_node_pool = true
  initial_node_count       = 1

  # Teardown happens through /cloud-destroy, which shows what goes away and asks for confirmation first.
  deletion_protection = false

  release_channel {
    channel = "REGULAR"
  }

  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  lifecycle {
    # The zone is chosen at the first deploy; a later change in the zone list must not replace the cluster.
    ignore_changes = [location]
  }
}

resource "google_container_node_pool" "primary" {
  name       = "primary"
  cluster    = google_container_cluster.this.id
  location   = google_container_cluster.this.location
  node_count = var.node_count

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = var.machine_type
    disk_size_gb    = 50
    resource_labels = local.labels
    # Access is governed by IAM on the node service account, not by scopes.
    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
