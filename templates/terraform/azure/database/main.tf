# An Azure Database for PostgreSQL Flexible Server with a public endpoint whose firewall admits nobody
# until you add your IP (see the allow_my_ip_command output); the server accepts TLS connections only.
# The generated admin password is kept in a Key Vault of the deployment, never in an output or a message.
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

# Server names are global (they become <name>.postgres.database.azure.com).
resource "random_string" "suffix" {
  length  = 6
  upper   = false
  special = false
}

# Kept in the Key Vault below (and the Terraform state, which the runner keeps private); never an output.
resource "random_password" "admin" {
  length      = 32
  special     = false
  min_upper   = 2
  min_lower   = 2
  min_numeric = 2
}

# The kind is part of the name, so that a VM and a cluster of the same name get separate groups.
resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}-db"
  location = var.region
  tags     = local.tags
}

resource "azurerm_postgresql_flexible_server" "this" {
  name                = "${var.name}-${random_string.suffix.result}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  version             = "16"
  sku_name            = var.machine_type
  storage_mb          = 32768
  tags                = local.tags

  administrator_login    = "chatopsadmin"
  administrator_password = random_password.admin.result

  # A public endpoint behind the server's firewall, which has no rule: nobody gets in until you add one.
  public_network_access_enabled = true

  backup_retention_days = 7

  lifecycle {
    # Azure picks the zone; it would otherwise show up as a change on every plan.
    ignore_changes = [zone]
  }
}

resource "azurerm_postgresql_flexible_server_database" "app" {
  name      = "app"
  server_id = azurerm_postgresql_flexible_server.this.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

data "azurerm_client_config" "current" {}

# Access policies rather than Azure RBAC: they take effect at once (a role assignment can take minutes,
# failing the secret write on a first deploy) and need no right to assign roles.
resource "azurerm_key_vault" "this" {
  name                       = "kv${substr(replace(var.name, "-", ""), 0, 14)}${random_string.suffix.result}"
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  soft_delete_retention_days = 7
  purge_protection_enabled   = false
  tags                       = local.tags

  # Whoever deploys (the bot's credentials) may write and, on destroy, purge the secret.
  access_policy {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    object_id          = data.azurerm_client_config.current.object_id
    secret_permissions = ["Get", "List", "Set", "Delete", "Purge", "Recover"]
  }
}

resource "azurerm_key_vault_secret" "admin_password" {
  name         = "postgres-admin-password"
  value        = random_password.admin.result
  key_vault_id = azurerm_key_vault.this.id
  content_type = "Password of ${azurerm_postgresql_flexible_server.this.administrator_login}"
}
