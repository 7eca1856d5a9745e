# An RDS for PostgreSQL instance in the default VPC, reachable only from inside that VPC.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) in the runner's
# environment, never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.33.0, <= 5.100.0"
    }
  }
}

data "aws_vpc" "default" {
  default = true
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "cloud-chatops Postgres: port 5432 from inside the VPC only"
  vpc_id      = data.aws_vpc.default.id

  ingress {
    description = "Postgres from the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.default.cidr_block]
  }

  tags = {
    Name = "${var.name}-db"
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = "16"
  instance_class = var.machine_type
  db_name        = "app"
  username       = "chatops_admin"
  # RDS generates the password and keeps it in Secrets Manager; it never passes through Terraform or Discord.
  manage_master_user_password = true

  allocated_storage     = 20
  max_allocated_storage = 100
  storage_type          = "gp3"
  storage_encrypted     = true

  publicly_accessible    = false
  vpc_security_group_ids = [aws_security_group.db.id]

  backup_retention_period    = 7
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true

  # Teardown happens through /cloud-destroy, which shows what goes away and asks for confirmation first.
  # A final snapshot would need a unique name per destroy and keep costing money after the database is gone.
  deletion_protection = false
  skip_final_snapshot = true
}
