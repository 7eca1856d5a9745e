# An EC2 instance in the default VPC with no inbound rules at all: shells go through SSM Session Manager.
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

data "aws_partition" "current" {}

data "aws_vpc" "default" {
  default = true
}

data "aws_ec2_instance_type" "this" {
  instance_type = var.machine_type
}

locals {
  # Graviton types (t4g, m7g, ...) need the arm64 image.
  arch = contains(data.aws_ec2_instance_type.this.supported_architectures, "arm64") ? "arm64" : "x86_64"
}

# Latest Amazon Linux 2023 (not the minimal or ECS variants); it ships the SSM agent.
data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-${local.arch}"]
  }

  filter {
    name   = "architecture"
    values = [local.arch]
  }
}

resource "aws_security_group" "this" {
  name        = "${var.name}-vm"
  description = "cloud-chatops VM: no inbound rules; use SSM Session Manager"
  vpc_id      = data.aws_vpc.default.id

  egress {
    description      = "Outbound for package updates and the SSM agent"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  tags = {
    Name = "${var.name}-vm"
  }
}

# IAM names are global to the account, hence the region in them.
resource "aws_iam_role" "ssm" {
  name = "${var.name}-ssm-${var.region}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.ssm.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "ssm" {
  name = aws_iam_role.ssm.name
  role = aws_iam_role.ssm.name
}

resource "aws_instance" "this" {
  ami                    = data.aws_ami.al2023.id
  instance_type          = var.machine_type
  vpc_security_group_ids = [aws_security_group.this.id]
  iam_instance_profile   = aws_iam_instance_profile.ssm.name
  # The default VPC has no NAT gateway; the SSM agent and updates need a way out.
  associate_public_ip_address = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 20
    encrypted   = true
  }

  tags = {
    Name = var.name
  }

  lifecycle {
    # A newer AMI must not replace a running VM when the plan is made again (e.g. on resume).
    ignore_changes = [ami]
  }

  depends_on = [aws_iam_role_policy_attachment.ssm]
}
