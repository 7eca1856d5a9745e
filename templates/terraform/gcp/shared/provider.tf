# Shared by every template of this provider; renderDeploymentFiles adds it to each.

provider "google" {
  project = var.project_id
  region  = var.region
}
