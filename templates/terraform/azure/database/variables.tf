# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the database server (a random suffix is added where names must be globally unique or cannot be reused soon after deletion)."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,54}[a-z0-9])?$", var.name))
    error_message = "The name must be 1-56 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit."
  }
}

variable "machine_type" {
  type        = string
  description = "SKU of the PostgreSQL Flexible Server (tier + size)."

  validation {
    condition     = can(regex("^(B|GP|MO)_Standard_[A-Za-z0-9_]+$", var.machine_type))
    error_message = "The machine_type must be a Flexible Server SKU starting with B_Standard_, GP_Standard_ or MO_Standard_."
  }
}
