# A private, versioned Cloud Storage bucket.
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

# Usually on already; a new project created with the API off would otherwise fail with a 403.
# It stays on after a destroy: other deployments may use it.
resource "google_project_service" "storage" {
  service            = "storage.googleapis.com"
  disable_on_destroy = false
}

# Bucket names are global across all of Cloud Storage.
resource "random_id" "suffix" {
  byte_length = 4
}

resource "google_storage_bucket" "this" {
  name          = "${var.name}-${random_id.suffix.hex}"
  location      = upper(var.region)
  storage_class = "STANDARD"
  labels        = local.labels

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  # The same on every cloud: destroying the bucket deletes what is in it, every version included.
  # /cloud-destroy says so before the Destroy button is pressed.
  force_destroy = true

  versioning {
    enabled = true
  }

  # Old versions are kept for 30 days, so that versioning does not grow the bill forever.
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 30
    }
    action {
      type = "Delete"
    }
  }

  # Uploads that never completed are billed like stored data until they are removed.
  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  depends_on = [google_project_service.storage]
}
