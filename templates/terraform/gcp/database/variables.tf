# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the database server (a random suffix is added where names must be globally unique or cannot be reused soon after deletion)."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,52}[a-z0-9])?$", var.name))
    error_message = "The name must be 1-54 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit."
  }
}

variable "machine_type" {
  type        = string
  description = "Cloud SQL tier (Enterprise edition)."

  validation {
    condition     = can(regex("^db-[a-z0-9-]+$", var.machine_type))
    error_message = "The machine_type must be a Cloud SQL tier starting with db-."
  }
}
