# An AKS cluster with a system-assigned identity and Azure CNI overlay networking.
# Credentials come from ARM_CLIENT_ID / ARM_CLIENT_SECRET / ARM_TENANT_ID in the runner's environment,
# never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.9.0, <= 4.55.0"
    }
  }
}

locals {
  tags = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
}

# The kind is part of the name, so that a VM and a cluster of the same name get separate groups.
resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}-k8s"
  location = var.region
  tags     = local.tags
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = var.name
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  dns_prefix          = var.name
  # Named explicitly: the generated MC_<group>_<cluster>_<region> name can exceed Azure's 80 characters.
  node_resource_group = "rg-${var.name}-k8s-nodes"
  sku_tier            = "Free"
  tags                = local.tags

  oidc_issuer_enabled       = true
  workload_identity_enabled = true

  default_node_pool {
    name       = "system"
    vm_size    = var.machine_type
    node_count = var.node_count
    tags       = local.tags

    # Stated so that the value Azure fills in does not show up as a change on the next plan.
    upgrade_settings {
      max_surge = "10%"
    }
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    load_balancer_sku   = "standard"
  }
}
