# A Cloud SQL for PostgreSQL 16 instance without authorised networks: clients connect through the
# Cloud SQL Auth Proxy or a connector, which authenticate with IAM and encrypt the connection.
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

    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
  }
}

resource "google_sql_database" "app" {
  name     = "app"
  instance = google_sql_database_instance.this.name
}
