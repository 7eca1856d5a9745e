# A Cloud SQL for PostgreSQL 16 instance without authorised networks: clients connect through the
# Cloud SQL Auth Proxy or a connector, which authenticate with IAM and encrypt the connection, as the
# user `app`, whose generated password is kept in Secret Manager (never in an output or a message).
# Credentials come from GOOGLE_APPLICATION_CREDENTIALS in the runner's environment, never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.1.0, <= 6.50.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, <= 3.7.2"
    }
  }
}

locals {
  labels = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
}

# A new project has these APIs off. They stay on after a destroy: other deployments may use them.
resource "google_project_service" "apis" {
  for_each = toset(["sqladmin.googleapis.com", "secretmanager.googleapis.com"])

  service            = each.value
  disable_on_destroy = false
}

# Cloud SQL keeps a deleted instance's name reserved for about a week; the suffix lets a destroyed
# deployment be created again under the same name.
resource "random_id" "suffix" {
  byte_length = 4
}

resource "google_sql_database_instance" "this" {
  name             = "${var.name}-${random_id.suffix.hex}"
  database_version = "POSTGRES_16"
  region           = var.region

  # Teardown happens through /cloud-destroy, which shows what goes away and asks for confirmation first;
  # with deletion protection on, that confirmed destroy would fail and leave a paid instance behind.
  deletion_protection = false

  settings {
    # Enterprise, not Enterprise Plus: shared-core tiers such as db-f1-micro exist only there.
    edition           = "ENTERPRISE"
    tier              = var.machine_type
    availability_type = "ZONAL"
    disk_type         = "PD_SSD"
    disk_size         = 10
    disk_autoresize   = true
    user_labels       = local.labels

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }

    # A public IP with no authorised networks admits no direct connections.
    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ENCRYPTED_ONLY"
    }

    # IAM database users can be added later (gcloud sql users create --type=cloud_iam_user).
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_sql_database" "app" {
  name     = "app"
  instance = google_sql_database_instance.this.name
}

resource "random_password" "app" {
  length  = 32
  special = false
}

resource "google_sql_user" "app" {
  name     = "app"
  instance = google_sql_database_instance.this.name
  password = random_password.app.result
  # Dropping a role that owns tables fails; the instance and everything in it go away on destroy anyway.
  deletion_policy = "ABANDON"
}

# The password lives here and in the (private) Terraform state only; outputs name the secret, not its value.
resource "google_secret_manager_secret" "app_password" {
  secret_id = "${google_sql_database_instance.this.name}-app-password"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "app_password" {
  secret      = google_secret_manager_secret.app_password.id
  secret_data = random_password.app.result
}
