# Shared by every template of this provider; renderDeploymentFiles adds it to each.

provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}
