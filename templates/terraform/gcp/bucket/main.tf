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

  # Data is never deleted implicitly: destroying a bucket that still holds objects fails, and says so.
  force_destroy = false

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
}
