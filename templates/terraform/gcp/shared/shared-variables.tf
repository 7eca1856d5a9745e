# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.
# The variables every template of this provider takes; each template's variables.tf declares the rest.

variable "project_id" {
  type        = string
  description = "ID of the GCP project to deploy into."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "The project_id must be a GCP project ID: 6-30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "GCP region to deploy into."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "The region must be a GCP region name."
  }
}

variable "labels" {
  type        = map(string)
  description = "Extra labels for every resource that supports them; managed-by and name are always set."
  default     = {}

  validation {
    condition = alltrue([
      for key, value in var.labels : can(regex("^[a-z][a-z0-9_-]{0,62}$", key)) && can(regex("^[a-z0-9_-]{0,63}$", value))
    ])
    error_message = "Label keys must be 1-63 lowercase letters, digits, _ or - starting with a letter; values up to 63 of the same characters."
  }
}
