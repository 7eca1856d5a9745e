# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.
# The variables every template of this provider takes; each template's variables.tf declares the rest.

variable "subscription_id" {
  type        = string
  description = "ID of the Azure subscription to deploy into."

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.subscription_id))
    error_message = "The subscription_id must be a lowercase GUID."
  }
}

variable "region" {
  type        = string
  description = "Azure region (location) to deploy into, in its short form."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]+$", var.region))
    error_message = "The region must be an Azure location name in short form (lowercase, no spaces)."
  }
}

variable "labels" {
  type        = map(string)
  description = "Extra tags for every resource; managed-by and name are always set."
  default     = {}

  validation {
    condition = alltrue([
      for key, value in var.labels : can(regex("^[a-z][a-z0-9_-]{0,62}$", key)) && can(regex("^[a-z0-9_-]{0,63}$", value))
    ])
    error_message = "Label keys must be 1-63 lowercase letters, digits, _ or - starting with a letter; values up to 63 of the same characters."
  }
}
