# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Prefix of the bucket name; a random suffix makes it globally unique."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,52}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "The name must be 1-54 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit, without two hyphens in a row."
  }
}
