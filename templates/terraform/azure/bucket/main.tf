# A storage account with one private blob container, TLS 1.2+ and blob versioning; old versions are
# deleted after 30 days. Destroying it deletes what it holds, as the AWS and GCP buckets do, and
# /cloud-destroy says so before the Destroy button is pressed.
# Credentials come from ARM_CLIENT_ID / ARM_CLIENT_SECRET / ARM_TENANT_ID in the runner's environment,
# never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.9.0, <= 4.55.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, <= 3.7.2"
    }
  }
}

locals {
  tags = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
}

# Storage account names are global, 3-24 lowercase letters and digits: name (1-16) + 8 random characters.
resource "random_string" "suffix" {
  length  = 8
  upper   = false
  special = false
}

# The kind is part of the name, so that a VM and a cluster of the same name get separate groups.
resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}-bucket"
  location = var.region
  tags     = local.tags
}

resource "azurerm_storage_account" "this" {
  name                     = "${var.name}${random_string.suffix.result}"
  location                 = azurerm_resource_group.this.location
  resource_group_name      = azurerm_resource_group.this.name
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  tags                     = local.tags

  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false

  blob_properties {
    versioning_enabled = true

    delete_retention_policy {
      days = 7
    }

    container_delete_retention_policy {
      days = 7
    }
  }
}

resource "azurerm_storage_container" "data" {
  name                  = "data"
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

# Old versions are kept for 30 days, so that versioning does not grow the bill forever (as on AWS and GCP).
resource "azurerm_storage_management_policy" "this" {
  storage_account_id = azurerm_storage_account.this.id

  rule {
    name    = "expire-old-versions"
    enabled = true

    filters {
      blob_types = ["blockBlob"]
    }

    actions {
      version {
        delete_after_days_since_creation = 30
      }
    }
  }
}
