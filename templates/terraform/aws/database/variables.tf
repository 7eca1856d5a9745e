# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the database server (a random suffix is added where names must be globally unique or cannot be reused soon after deletion)."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "The name must be 1-63 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit, without two hyphens in a row."
  }
}

variable "machine_type" {
  type        = string
  description = "RDS instance class."

  validation {
    condition     = can(regex("^db[.][a-z][a-z0-9-]*[.][a-z0-9]+$", var.machine_type))
    error_message = "The machine_type must be an RDS instance class starting with db."
  }
}
