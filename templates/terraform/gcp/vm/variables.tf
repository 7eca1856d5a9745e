# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the VM; also the prefix of its network resources."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$", var.name))
    error_message = "The name must be 1-49 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit."
  }
}

variable "machine_type" {
  type        = string
  description = "Compute Engine machine type of the VM."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*-[a-z0-9-]+$", var.machine_type))
    error_message = "The machine_type must be a Compute Engine machine type."
  }
}
