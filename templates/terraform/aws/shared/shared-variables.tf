# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.
# The variables every template of this provider takes; each template's variables.tf declares the rest.

variable "account_id" {
  type        = string
  description = "ID of the AWS account to deploy into; the provider refuses to run against any other account."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account ID."
  }
}

variable "region" {
  type        = string
  description = "AWS region to deploy into."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "The region must be an AWS region name."
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
