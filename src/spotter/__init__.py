"""Spotter: fitness management for personal trainers and their trainees."""

__version__ = "0.1.0"
