# Shared by every template of this provider; renderDeploymentFiles adds it to each.

provider "aws" {
  region = var.region
  # A typo in the account would otherwise deploy wherever the credentials point.
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
  }
}
